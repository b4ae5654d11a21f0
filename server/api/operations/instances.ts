import { z } from "zod";
import { runtimeConfig } from "@/server/env";
import { AppError } from "@/server/errors";
import { findEndpoint } from "@/server/modules/endpoints/endpoints.repo";
import { listEndpointStatuses } from "@/server/modules/endpoints/endpoints.service";
import { listUnacceptedEventsPage } from "@/server/modules/events/events.repo";
import { findIntegrationByKey } from "@/server/modules/integrations/integrations.repo";
import { listInstanceEventsPage } from "@/server/modules/instances/instance-events.repo";
import { reconfigureInstance } from "@/server/modules/instances/instance-config.service";
import { pauseInstance, removeInstance, resumeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { findInstanceSummary, listInstancesPage } from "@/server/modules/instances/instance-queries.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { createInstance } from "@/server/modules/instances/instances.service";
import { idParams } from "../schemas/common.schema";
import { eventDetailSchema, eventSchema, rejectedDeliveriesFilterSchema, toEvent, toEventDetail, UNACCEPTED_VERDICTS } from "../schemas/events.schema";
import {
  createInstanceSchema,
  endpointSchema,
  instanceFilterSchema,
  instanceSchema,
  pauseInstanceSchema,
  reconfigureInstanceSchema,
  toEndpoint,
  toInstance,
} from "../schemas/instances.schema";
import { defineOperation } from "../operation";
import { decodeCursor, pageOf, pageSchema, paginationQuerySchema } from "../pagination";

const tag = "Instances";
const REJECTED_BODY_PREVIEW_CHARS = 2_000;

async function instanceById(organizationId: string, id: string) {
  const row = await findInstanceSummary(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "id" });
  return toInstance(row);
}

export const instanceOperations = {
  list: defineOperation({
    id: "listInstances",
    method: "GET",
    path: "/api/v1/instances",
    tag,
    summary: "List instances, newest first, by status, integration or customer",
    query: paginationQuerySchema.extend(instanceFilterSchema.shape),
    response: pageSchema(instanceSchema),
    run: async ({ organizationId, query }) => {
      const rows = await listInstancesPage(organizationId, { ...query, before: decodeCursor(query.cursor), take: query.limit + 1 });
      return pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }), toInstance);
    },
  }),

  create: defineOperation({
    id: "createInstance",
    method: "POST",
    path: "/api/v1/instances",
    tag,
    summary: "Activate the latest published version for a customer with config values, and deploy it",
    description: "Config values are checked against the integration's config fields; problems answer 400 naming the field.",
    body: createInstanceSchema,
    response: instanceSchema,
    status: 201,
    idempotent: true,
    run: async ({ organizationId, body }) => {
      let integrationId = body.integrationId;
      if (!integrationId) {
        const integration = await findIntegrationByKey(organizationId, body.integrationKey!);
        if (!integration)
          throw new AppError("NOT_FOUND", `No integration with key "${body.integrationKey}" in this organization.`, { field: "integrationKey" });
        integrationId = integration.id;
      }
      const { customerExternalId, customerName, config, connections } = body;
      const instance = await createInstance(organizationId, { integrationId, customerExternalId, customerName, config, connections });
      return instanceById(organizationId, instance.id);
    },
  }),

  get: defineOperation({
    id: "getInstance",
    method: "GET",
    path: "/api/v1/instances/{id}",
    tag,
    summary: "Get an instance (secret config values are never returned)",
    params: idParams,
    response: instanceSchema,
    run: ({ organizationId, params }) => instanceById(organizationId, params.id),
  }),

  reconfigure: defineOperation({
    id: "reconfigureInstance",
    method: "PATCH",
    path: "/api/v1/instances/{id}",
    tag,
    summary: "Replace an instance's config values",
    params: idParams,
    body: reconfigureInstanceSchema,
    response: instanceSchema,
    run: async ({ organizationId, params, body }) => {
      await reconfigureInstance(organizationId, params.id, body.config);
      return instanceById(organizationId, params.id);
    },
  }),

  remove: defineOperation({
    id: "removeInstance",
    method: "DELETE",
    path: "/api/v1/instances/{id}",
    tag,
    summary: "Remove an instance (runs its remove flows first unless force=true)",
    params: idParams,
    query: z.object({ force: z.union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")]).optional() }),
    response: z.object({ id: z.uuid(), status: z.enum(["removed", "removing"]) }),
    run: async ({ organizationId, params, query }) => {
      const { status } = await removeInstance(organizationId, params.id, { force: query.force ?? false });
      return { id: params.id, status };
    },
  }),

  pause: defineOperation({
    id: "pauseInstance",
    method: "POST",
    path: "/api/v1/instances/{id}/pause",
    tag,
    summary: "Pause an active instance (deliveries answered 503, or buffered with buffer: true)",
    params: idParams,
    body: pauseInstanceSchema,
    response: instanceSchema,
    run: async ({ organizationId, params, body }) => {
      await pauseInstance(organizationId, params.id, body);
      return instanceById(organizationId, params.id);
    },
  }),

  resume: defineOperation({
    id: "resumeInstance",
    method: "POST",
    path: "/api/v1/instances/{id}/resume",
    tag,
    summary: "Resume a paused instance and run the deliveries it buffered",
    params: idParams,
    response: z.object({ instance: instanceSchema, releasedEvents: z.number().int() }),
    run: async ({ organizationId, params }) => {
      const { released } = await resumeInstance(organizationId, params.id);
      return { instance: await instanceById(organizationId, params.id), releasedEvents: released };
    },
  }),

  events: defineOperation({
    id: "listInstanceEvents",
    method: "GET",
    path: "/api/v1/instances/{id}/events",
    tag,
    summary: "List the events an instance received (every verdict), newest first",
    params: idParams,
    query: paginationQuerySchema,
    response: pageSchema(eventSchema),
    run: async ({ organizationId, params, query }) => {
      await instanceById(organizationId, params.id);
      const rows = await listInstanceEventsPage(organizationId, params.id, { before: decodeCursor(query.cursor), take: query.limit + 1 });
      return pageOf(rows, query.limit, (r) => ({ at: r.receivedAt, id: r.id }), toEvent);
    },
  }),

  rejectedDeliveries: defineOperation({
    id: "listRejectedDeliveries",
    method: "GET",
    path: "/api/v1/instances/{id}/rejected-deliveries",
    tag,
    summary: "List the deliveries that started nothing (failed verification, filtered, duplicates) with why, headers (secrets redacted) and body, newest first",
    params: idParams,
    query: paginationQuerySchema.extend(rejectedDeliveriesFilterSchema.shape),
    response: pageSchema(eventDetailSchema),
    run: async ({ organizationId, params, query }) => {
      if (!(await findInstance(organizationId, params.id)))
        throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
      if (query.endpointId) {
        const endpoint = await findEndpoint(organizationId, query.endpointId);
        if (!endpoint || endpoint.instanceId !== params.id)
          throw new AppError("NOT_FOUND", "No endpoint with that id on this instance.", { field: "endpointId" });
      }
      const rows = await listUnacceptedEventsPage(organizationId, params.id, {
        endpointId: query.endpointId,
        verdicts: query.verdict ? [query.verdict] : [...UNACCEPTED_VERDICTS],
        before: decodeCursor(query.cursor),
        take: query.limit + 1,
      });
      return pageOf(
        rows,
        query.limit,
        (r) => ({ at: r.receivedAt, id: r.id }),
        (row) => toEventDetail(row, REJECTED_BODY_PREVIEW_CHARS),
      );
    },
  }),

  endpoints: defineOperation({
    id: "listInstanceEndpoints",
    method: "GET",
    path: "/api/v1/instances/{id}/endpoints",
    tag,
    summary: "List an instance's webhook endpoints: URL, flow, verification status, last accepted and last rejected delivery",
    description:
      "The URLs to configure at a provider by hand. An endpoint is unverified until a delivery passes its verification (or a handshake completes); the last rejection's reason says why a provider's deliveries are refused.",
    params: idParams,
    response: z.object({ data: z.array(endpointSchema) }),
    run: async ({ organizationId, params }) => {
      if (!(await findInstanceSummary(organizationId, params.id)))
        throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "id" });
      return { data: (await listEndpointStatuses(organizationId, params.id, runtimeConfig().publicUrl)).map(toEndpoint) };
    },
  }),
};
