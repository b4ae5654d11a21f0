import { z } from "zod";
import { idParams } from "../schemas/common.schema";
import { eventDetailSchema, eventSchema, rejectedDeliveriesFilterSchema } from "../schemas/events.schema";
import { createInstanceSchema, endpointSchema, instanceFilterSchema, instanceSchema, pauseInstanceSchema, reconfigureInstanceSchema } from "../schemas/instances.schema";
import { defineOperation } from "../operation";
import { pageSchema, paginationQuerySchema } from "../pagination";
import { listRejectedDeliveries } from "../services/events";
import * as instances from "../services/instances";

const tag = "Instances";

export const listInstancesOperation = defineOperation({
  id: "listInstances",
  method: "GET",
  path: "/api/v1/instances",
  tag,
  summary: "List instances, newest first, by status, integration or customer",
  query: paginationQuerySchema.extend(instanceFilterSchema.shape),
  response: pageSchema(instanceSchema),
  run: ({ organizationId, query }) => instances.listInstances(organizationId, query),
});

export const createInstanceOperation = defineOperation({
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
  run: ({ organizationId, body }) => instances.deployInstance(organizationId, body),
});

export const getInstanceOperation = defineOperation({
  id: "getInstance",
  method: "GET",
  path: "/api/v1/instances/{id}",
  tag,
  summary: "Get an instance (secret config values are never returned)",
  params: idParams,
  response: instanceSchema,
  run: ({ organizationId, params }) => instances.getInstance(organizationId, params.id),
});

export const reconfigureInstanceOperation = defineOperation({
  id: "reconfigureInstance",
  method: "PATCH",
  path: "/api/v1/instances/{id}",
  tag,
  summary: "Replace an instance's config values",
  params: idParams,
  body: reconfigureInstanceSchema,
  response: instanceSchema,
  run: ({ organizationId, params, body }) => instances.reconfigure(organizationId, params.id, body.config),
});

export const removeInstanceOperation = defineOperation({
  id: "removeInstance",
  method: "DELETE",
  path: "/api/v1/instances/{id}",
  tag,
  summary: "Remove an instance (runs its remove flows first unless force=true)",
  params: idParams,
  query: z.object({ force: z.enum(["true", "false"]).optional().transform((v) => v === "true") }),
  response: z.object({ id: z.uuid(), status: z.enum(["removed", "removing"]) }),
  run: ({ organizationId, params, query }) => instances.remove(organizationId, params.id, { force: query.force }),
});

export const pauseInstanceOperation = defineOperation({
  id: "pauseInstance",
  method: "POST",
  path: "/api/v1/instances/{id}/pause",
  tag,
  summary: "Pause an active instance (deliveries answered 503, or buffered with buffer: true)",
  params: idParams,
  body: pauseInstanceSchema,
  response: instanceSchema,
  run: ({ organizationId, params, body }) => instances.pause(organizationId, params.id, body),
});

export const resumeInstanceOperation = defineOperation({
  id: "resumeInstance",
  method: "POST",
  path: "/api/v1/instances/{id}/resume",
  tag,
  summary: "Resume a paused instance and run the deliveries it buffered",
  params: idParams,
  response: z.object({ instance: instanceSchema, releasedEvents: z.number().int() }),
  run: ({ organizationId, params }) => instances.resume(organizationId, params.id),
});

export const listInstanceEventsOperation = defineOperation({
  id: "listInstanceEvents",
  method: "GET",
  path: "/api/v1/instances/{id}/events",
  tag,
  summary: "List the events an instance received (every verdict), newest first",
  params: idParams,
  query: paginationQuerySchema,
  response: pageSchema(eventSchema),
  run: ({ organizationId, params, query }) => instances.listEvents(organizationId, params.id, query),
});

export const listRejectedDeliveriesOperation = defineOperation({
  id: "listRejectedDeliveries",
  method: "GET",
  path: "/api/v1/instances/{id}/rejected-deliveries",
  tag,
  summary: "List the deliveries that started nothing (failed verification, filtered, duplicates) with why, headers (secrets redacted) and body, newest first",
  params: idParams,
  query: paginationQuerySchema.extend(rejectedDeliveriesFilterSchema.shape),
  response: pageSchema(eventDetailSchema),
  run: ({ organizationId, params, query }) => listRejectedDeliveries(organizationId, { ...query, instanceId: params.id }),
});

export const listInstanceEndpointsOperation = defineOperation({
  id: "listInstanceEndpoints",
  method: "GET",
  path: "/api/v1/instances/{id}/endpoints",
  tag,
  summary: "List an instance's webhook endpoints: URL, flow, verification status, last accepted and last rejected delivery",
  description:
    "The URLs to configure at a provider by hand. An endpoint is unverified until a delivery passes its verification (or a handshake completes); the last rejection's reason says why a provider's deliveries are refused.",
  params: idParams,
  response: z.object({ data: z.array(endpointSchema) }),
  run: ({ organizationId, params }) => instances.listEndpoints(organizationId, params.id),
});
