import { z } from "zod";
import { AppError } from "@/server/errors";
import { findIntegrationSummary, findVersionWithSource, listIntegrationsPage } from "@/server/modules/integrations/integration-queries.repo";
import { listVersions } from "@/server/modules/integrations/integrations.repo";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { idParams } from "../schemas/common.schema";
import {
  integrationDetailSchema,
  integrationSchema,
  manifestBodySchema,
  publishBodySchema,
  pushResultSchema,
  toIntegration,
  toVersionDetail,
  versionDetailSchema,
} from "../schemas/integrations.schema";
import { defineOperation } from "../operation";
import { decodeCursor, pageOf, pageSchema, paginationQuerySchema } from "../pagination";

const tag = "Integrations";

export const integrationOperations = {
  list: defineOperation({
    id: "listIntegrations",
    method: "GET",
    path: "/api/v1/integrations",
    tag,
    summary: "List integrations, newest first",
    query: paginationQuerySchema,
    response: pageSchema(integrationSchema),
    run: async ({ organizationId, query }) => {
      const rows = await listIntegrationsPage(organizationId, { before: decodeCursor(query.cursor), take: query.limit + 1 });
      return pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }), toIntegration);
    },
  }),

  push: defineOperation({
    id: "pushManifest",
    method: "POST",
    path: "/api/v1/integrations",
    tag,
    summary: "Push a manifest (YAML or JSON body) as the integration's draft version",
    description:
      "Creates the integration on first push. A push identical to the latest version changes nothing; a push over an unpublished draft replaces it. A manifest that does not load answers 422 with every problem in `error.errors`.",
    body: manifestBodySchema,
    manifestBody: true,
    response: pushResultSchema,
    status: 201,
    idempotent: true,
    run: async ({ organizationId, body }) => {
      const pushed = await pushManifest(organizationId, body.source, { format: body.format });
      const summary = await findIntegrationSummary(organizationId, pushed.integration.id);
      return { integration: toIntegration(summary!), version: toVersionDetail(pushed.version), created: pushed.created };
    },
  }),

  get: defineOperation({
    id: "getIntegration",
    method: "GET",
    path: "/api/v1/integrations/{id}",
    tag,
    summary: "Get an integration with its versions",
    params: idParams,
    response: integrationDetailSchema,
    run: async ({ organizationId, params }) => {
      const row = await findIntegrationSummary(organizationId, params.id);
      if (!row) throw new AppError("NOT_FOUND", "No integration with that id in this organization.", { field: "id" });
      return { ...toIntegration(row), versions: (await listVersions(organizationId, params.id)).map(toVersionDetail) };
    },
  }),

  publish: defineOperation({
    id: "publishVersion",
    method: "POST",
    path: "/api/v1/integrations/{id}/versions/{versionId}/publish",
    tag,
    summary: "Publish a draft version (it is immutable from then on)",
    description:
      "The draft is checked again first (422 with every problem in `error.errors` when it no longer loads). `releaseNotes` (optional) replace the manifest's own; customers read them when the upgrade is offered.",
    params: z.object({ id: z.uuid(), versionId: z.uuid() }),
    body: publishBodySchema,
    response: versionDetailSchema,
    // A version id of another integration is not found.
    run: async ({ organizationId, params, body }) => {
      if (!(await findVersionWithSource(organizationId, params.id, params.versionId))) {
        throw new AppError("NOT_FOUND", "This integration has no version with that id.", { field: "versionId" });
      }
      return toVersionDetail(await publishVersion(organizationId, params.versionId, body));
    },
  }),
};
