import { z } from "zod";
import { idParams } from "../schemas/common.schema";
import { integrationDetailSchema, integrationSchema, manifestBodySchema, publishBodySchema, pushResultSchema, versionDetailSchema } from "../schemas/integrations.schema";
import { defineOperation } from "../operation";
import { pageSchema, paginationQuerySchema } from "../pagination";
import * as integrations from "../services/integrations";

const tag = "Integrations";

export const listIntegrationsOperation = defineOperation({
  id: "listIntegrations",
  method: "GET",
  path: "/api/v1/integrations",
  tag,
  summary: "List integrations, newest first",
  query: paginationQuerySchema,
  response: pageSchema(integrationSchema),
  run: ({ organizationId, query }) => integrations.listIntegrations(organizationId, query),
});

export const pushManifestOperation = defineOperation({
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
  run: ({ organizationId, body }) => integrations.pushIntegrationManifest(organizationId, body),
});

export const getIntegrationOperation = defineOperation({
  id: "getIntegration",
  method: "GET",
  path: "/api/v1/integrations/{id}",
  tag,
  summary: "Get an integration with its versions",
  params: idParams,
  response: integrationDetailSchema,
  run: ({ organizationId, params }) => integrations.getIntegration(organizationId, params.id),
});

export const publishVersionOperation = defineOperation({
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
  run: ({ organizationId, params, body }) => integrations.publishIntegrationVersion(organizationId, params.id, params.versionId, body),
});
