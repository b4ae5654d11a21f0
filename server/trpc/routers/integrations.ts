import { z } from "zod";
import { ManifestInvalidError } from "@/server/modules/integrations/integrations.service";
import { listPublishedFlows } from "@/server/modules/integrations/integration-queries.repo";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import {
  integrationDetailSchema,
  integrationSchema,
  manifestBodySchema,
  publishBodySchema,
  pushResultSchema,
  versionDetailSchema,
} from "@/server/api/schemas/integrations.schema";
import * as integrations from "@/server/api/services/integrations";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, router } from "../init";
import { resolveIcon } from "@/server/modules/icons/brand-icons";
import { iconSchema } from "./embed-schemas";

const editors = consoleProcedureFor("owner", "admin");
const manifestErrorSchema = z.object({ path: z.string(), message: z.string(), line: z.number().optional(), column: z.number().optional() });
const versionRef = z.object({ integrationId: z.uuid(), versionId: z.uuid() });
const publishInput = versionRef.extend(publishBodySchema.shape);

/** The console's push answers a manifest that does not load with its problems (to show at their lines), not an error. */
const consolePushSchema = z.discriminatedUnion("ok", [
  pushResultSchema.extend({ ok: z.literal(true) }),
  z.object({ ok: z.literal(false), errors: z.array(manifestErrorSchema) }),
]);

export const integrationsRouter = router({
  list: consoleProcedure
    .input(paginationQuerySchema)
    .output(pageSchema(integrationSchema))
    .query(({ ctx, input }) => integrations.listIntegrations(ctx.actor.organizationId, input)),
  get: consoleProcedure.input(idParams).output(integrationDetailSchema).query(({ ctx, input }) => integrations.getIntegration(ctx.actor.organizationId, input.id)),
  validate: consoleProcedure
    .input(manifestBodySchema)
    .output(z.object({ ok: z.boolean(), errors: z.array(manifestErrorSchema), summary: z.object({ key: z.string(), name: z.string(), flows: z.array(z.string()) }).nullable() }))
    .mutation(({ input }) => integrations.validateManifest(input.source, input.format)),
  push: editors
    .input(manifestBodySchema)
    .output(consolePushSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return { ok: true as const, ...(await integrations.pushIntegrationManifest(ctx.actor.organizationId, input)) };
      } catch (error) {
        if (error instanceof ManifestInvalidError) return { ok: false as const, errors: error.errors };
        throw error;
      }
    }),
  publish: editors
    .input(publishInput)
    .output(versionDetailSchema)
    .mutation(({ ctx, input }) => integrations.publishIntegrationVersion(ctx.actor.organizationId, input.integrationId, input.versionId, input)),
  source: consoleProcedure
    .input(versionRef)
    .output(versionDetailSchema.extend({ source: z.string() }))
    .query(({ ctx, input }) => integrations.versionSource(ctx.actor.organizationId, input.integrationId, input.versionId)),
  diff: consoleProcedure
    .input(z.object({ integrationId: z.uuid(), fromVersionId: z.uuid(), toVersionId: z.uuid() }))
    .output(
      z.object({
        from: z.number(),
        to: z.number(),
        added: z.number(),
        removed: z.number(),
        hunks: z.array(
          z.object({
            oldStart: z.number(),
            oldLines: z.number(),
            newStart: z.number(),
            newLines: z.number(),
            lines: z.array(z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string(), oldLine: z.number().nullable(), newLine: z.number().nullable() })),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => integrations.diffVersions(ctx.actor.organizationId, input.integrationId, input.fromVersionId, input.toVersionId)),
  updateListing: editors
    .input(
      z.object({
        id: z.uuid(),
        listed: z.boolean().optional(),
        category: z.string().trim().max(60).nullable().optional(),
        icon: z.string().trim().max(500).nullable().optional(),
      }),
    )
    .output(integrationSchema)
    .mutation(({ ctx, input }) => {
      const { id, ...data } = input;
      // Left out: unchanged. Empty: cleared.
      const cleared = (value: string | null | undefined) => (value === undefined ? undefined : value || null);
      return integrations.updateListing(ctx.actor.organizationId, id, { listed: data.listed, category: cleared(data.category), icon: cleared(data.icon) });
    }),
  /** The logo an `icon` value shows in the marketplace (the listing form's preview). */
  iconPreview: consoleProcedure
    .input(z.object({ icon: z.string().max(500) }))
    .output(iconSchema)
    .query(({ input }) => resolveIcon(input.icon)),
  flows: consoleProcedure
    .output(z.array(z.object({ integrationId: z.string(), flowKey: z.string(), triggerType: z.string() })))
    .query(async ({ ctx }) =>
      (await listPublishedFlows(ctx.actor.organizationId)).map((f) => ({ integrationId: f.integration_id, flowKey: f.flow_key, triggerType: f.trigger_type })),
    ),
});

/** The same operations for vendor backends holding an API key. */
export const integrationsApiRouter = router({
  list: apiKeyProcedure
    .input(paginationQuerySchema)
    .output(pageSchema(integrationSchema))
    .query(({ ctx, input }) => integrations.listIntegrations(ctx.key.organizationId, input)),
  get: apiKeyProcedure.input(idParams).output(integrationDetailSchema).query(({ ctx, input }) => integrations.getIntegration(ctx.key.organizationId, input.id)),
  push: apiKeyProcedure
    .input(manifestBodySchema)
    .output(pushResultSchema)
    .mutation(({ ctx, input }) => integrations.pushIntegrationManifest(ctx.key.organizationId, input)),
  publish: apiKeyProcedure
    .input(publishInput)
    .output(versionDetailSchema)
    .mutation(({ ctx, input }) => integrations.publishIntegrationVersion(ctx.key.organizationId, input.integrationId, input.versionId, input)),
});
