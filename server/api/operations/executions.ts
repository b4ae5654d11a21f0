import { z } from "zod";
import { idParams } from "../schemas/common.schema";
import { eventDetailSchema } from "../schemas/events.schema";
import {
  executionDetailSchema,
  executionFilterSchema,
  executionSummarySchema,
  replaySchema,
  startedExecutionSchema,
  startExecutionSchema,
} from "../schemas/executions.schema";
import { defineOperation } from "../operation";
import { pageSchema, paginationQuerySchema } from "../pagination";
import { triggeringEvent } from "../services/events";
import * as executions from "../services/executions";

const tag = "Executions";

export const listExecutionsOperation = defineOperation({
  id: "listExecutions",
  method: "GET",
  path: "/api/v1/executions",
  tag,
  summary: "Search executions, newest first",
  query: paginationQuerySchema.extend(executionFilterSchema.shape),
  response: pageSchema(executionSummarySchema),
  run: ({ organizationId, query }) => executions.listExecutions(organizationId, query),
});

export const startExecutionOperation = defineOperation({
  id: "startExecution",
  method: "POST",
  path: "/api/v1/executions",
  tag,
  summary: "Start a flow of an active instance by hand with a payload",
  body: startExecutionSchema,
  response: startedExecutionSchema,
  status: 202,
  idempotent: true,
  run: ({ organizationId, body }) => executions.start(organizationId, body),
});

export const getExecutionOperation = defineOperation({
  id: "getExecution",
  method: "GET",
  path: "/api/v1/executions/{id}",
  tag,
  summary: "Get an execution with its step runs",
  params: idParams,
  response: executionDetailSchema,
  run: ({ organizationId, params }) => executions.getExecution(organizationId, params.id),
});

export const getExecutionEventOperation = defineOperation({
  id: "getExecutionEvent",
  method: "GET",
  path: "/api/v1/executions/{id}/event",
  tag,
  summary: "Get the delivery that started an execution: headers (secrets redacted) and body; null for manual, scheduled and lifecycle runs",
  params: idParams,
  response: z.object({ event: eventDetailSchema.nullable() }),
  run: async ({ organizationId, params }) => ({ event: await triggeringEvent(organizationId, params.id) }),
});

export const replayExecutionOperation = defineOperation({
  id: "replayExecution",
  method: "POST",
  path: "/api/v1/executions/{id}/replay",
  tag,
  summary: "Replay an execution as a new one, from the start or from the state that failed",
  params: idParams,
  body: replaySchema,
  response: startedExecutionSchema,
  status: 202,
  idempotent: true,
  run: ({ organizationId, params, body }) => executions.replay(organizationId, params.id, body),
});

export const cancelExecutionOperation = defineOperation({
  id: "cancelExecution",
  method: "POST",
  path: "/api/v1/executions/{id}/cancel",
  tag,
  summary: "Cancel a queued, running or waiting execution",
  params: idParams,
  response: executionDetailSchema,
  run: ({ organizationId, params }) => executions.cancel(organizationId, params.id),
});
