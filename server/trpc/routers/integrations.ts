import { z } from "zod";
import { AppError } from "@/server/errors";
import { ManifestInvalidError } from "@/server/modules/integrations/integrations.service";
import {
  findIntegrationSummary,
  findVersionWithSource,
  listPublishedFlows,
  updateIntegrationListing,
} from "@/server/modules/integrations/integration-queries.repo";
import { validateManifest } from "@/server/modules/integrations/manifest-catalogue";
import { versionDiff } from "@/server/modules/integrations/version-diff";
import { integrationOperations } from "@/server/api/operations/integrations";
import { runOperation } from "@/server/api/operation";
import {
  integrationSchema,
  manifestBodySchema,
  publishBodySchema,
  pushResultSchema,
  toIntegration,
  toVersionDetail,
  versionDetailSchema,
} from "@/server/api/schemas/integrations.schema";
import { consoleProcedure, consoleProcedureFor, router } from "../init";
import { consoleProcedureOf } from "../operation-procedures";
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

/** A version of this integration with its manifest text (a version id of another integration is not found). */
async function versionSource(organizationId: string, integrationId: string, versionId: string) {
  const version = await findVersionWithSource(organizationId, integrationId, versionId);
  if (!version) throw new AppError("NOT_FOUND", "This integration has no version with that id.", { field: "versionId" });
  return { ...toVersionDetail(version), source: version.source };
}

export const integrationsRouter = router({
  list: consoleProcedureOf(integrationOperations.list),
  get: consoleProcedureOf(integrationOperations.get),
  validate: consoleProcedure
    .input(manifestBodySchema)
    .output(
      z.object({
        ok: z.boolean(),
        errors: z.array(manifestErrorSchema),
        summary: z.object({ key: z.string(), name: z.string(), flows: z.array(z.string()) }).nullable(),
      }),
    )
    .mutation(({ input }) => validateManifest(input.source, input.format)),
  push: editors
    .input(manifestBodySchema)
    .output(consolePushSchema)
    .mutation(async ({ ctx, input }) => {
      try {
        return { ok: true as const, ...(await runOperation(integrationOperations.push, ctx.actor.organizationId, input)) };
      } catch (error) {
        if (error instanceof ManifestInvalidError) return { ok: false as const, errors: error.errors };
        throw error;
      }
    }),
  publish: editors
    .input(publishInput)
    .output(versionDetailSchema)
    .mutation(({ ctx, input: { integrationId, ...rest } }) =>
      runOperation(integrationOperations.publish, ctx.actor.organizationId, { id: integrationId, ...rest }),
    ),
  source: consoleProcedure
    .input(versionRef)
    .output(versionDetailSchema.extend({ source: z.string() }))
    .query(({ ctx, input }) => versionSource(ctx.actor.organizationId, input.integrationId, input.versionId)),
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
            lines: z.array(
              z.object({ kind: z.enum(["same", "added", "removed"]), text: z.string(), oldLine: z.number().nullable(), newLine: z.number().nullable() }),
            ),
          }),
        ),
      }),
    )
    .query(async ({ ctx, input }) => {
      const [from, to] = await Promise.all([
        versionSource(ctx.actor.organizationId, input.integrationId, input.fromVersionId),
        versionSource(ctx.actor.organizationId, input.integrationId, input.toVersionId),
      ]);
      return { from: from.version, to: to.version, ...versionDiff(from.source, to.source) };
    }),
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
    .mutation(async ({ ctx, input }) => {
      const { id, ...data } = input;
      // Left out: unchanged. Empty: cleared.
      const cleared = (value: string | null | undefined) => (value === undefined ? undefined : value || null);
      const { count } = await updateIntegrationListing(ctx.actor.organizationId, id, {
        listed: data.listed,
        category: cleared(data.category),
        icon: cleared(data.icon),
      });
      if (count === 0) throw new AppError("NOT_FOUND", "No integration with that id in this organization.", { field: "id" });
      return toIntegration((await findIntegrationSummary(ctx.actor.organizationId, id))!);
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
