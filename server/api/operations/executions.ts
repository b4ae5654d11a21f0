import { z } from "zod";
import { AppError } from "@/server/errors";
import { eventBodyBlobStart } from "@/server/modules/blobs/blobs.repo";
import { findTriggeringEvent } from "@/server/modules/events/events.repo";
import { findExecutionRow, listReplays, searchExecutions } from "@/server/modules/executions/execution-search.repo";
import { listStepRuns } from "@/server/modules/executions/executions.repo";
import { executionWait } from "@/server/modules/executions/execution-wait";
import { cancelExecution, replayExecution } from "@/server/modules/executions/executions.service";
import { startManualExecution } from "@/server/triggers/kinds/manual/manual";
import { idParams } from "../schemas/common.schema";
import { eventDetailSchema, toEventDetail } from "../schemas/events.schema";
import {
  executionDetailSchema,
  executionFilterSchema,
  executionSummarySchema,
  replaySchema,
  startedExecutionSchema,
  startExecutionSchema,
  toExecutionSearch,
  toExecutionSummary,
} from "../schemas/executions.schema";
import { defineOperation } from "../operation";
import { pageOf, pageSchema, paginationQuerySchema } from "../pagination";

const tag = "Executions";
/** Enough bytes for the detail's 64,000 characters of text, however many bytes each takes. */
const BODY_FILE_PREVIEW_BYTES = 256 * 1024;

async function executionWithSteps(organizationId: string, id: string): Promise<z.input<typeof executionDetailSchema>> {
  const row = await findExecutionRow(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
  const [steps, replays, waitingFor] = await Promise.all([
    listStepRuns(organizationId, id),
    listReplays(organizationId, id),
    executionWait(organizationId, id),
  ]);
  return {
    ...toExecutionSummary(row),
    waitingFor,
    input: row.input ?? null,
    output: row.output ?? null,
    steps: steps.map((s) => ({
      sequence: s.sequence,
      stateName: s.stateName,
      stateType: s.stateType,
      attempt: s.attempt,
      status: s.status,
      input: s.input ?? null,
      output: s.output ?? null,
      error: s.error ?? null,
      calls: s.calls ?? null,
      startedAt: s.startedAt.toISOString(),
      durationMs: s.durationMs,
    })),
    replays: replays.map((r) => ({ id: r.id, status: r.status, createdAt: r.createdAt.toISOString() })),
  };
}

export const executionOperations = {
  list: defineOperation({
    id: "listExecutions",
    method: "GET",
    path: "/api/v1/executions",
    tag,
    summary: "Search executions, newest first",
    query: paginationQuerySchema.extend(executionFilterSchema.shape),
    response: pageSchema(executionSummarySchema),
    run: async ({ organizationId, query }) => {
      const rows = await searchExecutions(organizationId, toExecutionSearch(query));
      return pageOf(rows, query.limit, (r) => ({ at: r.created_at, id: r.id }), toExecutionSummary);
    },
  }),

  start: defineOperation({
    id: "startExecution",
    method: "POST",
    path: "/api/v1/executions",
    tag,
    summary: "Start a flow of an active instance by hand with a payload",
    body: startExecutionSchema,
    response: startedExecutionSchema,
    status: 202,
    idempotent: true,
    run: async ({ organizationId, body }) => {
      const started = await startManualExecution(organizationId, { instanceId: body.instanceId, flowKey: body.flowKey, payload: body.input });
      return { id: started.executionId, status: started.status };
    },
  }),

  get: defineOperation({
    id: "getExecution",
    method: "GET",
    path: "/api/v1/executions/{id}",
    tag,
    summary: "Get an execution with its step runs",
    params: idParams,
    response: executionDetailSchema,
    run: ({ organizationId, params }) => executionWithSteps(organizationId, params.id),
  }),

  event: defineOperation({
    id: "getExecutionEvent",
    method: "GET",
    path: "/api/v1/executions/{id}/event",
    tag,
    summary: "Get the delivery that started an execution: headers (secrets redacted) and body; null for manual, scheduled and lifecycle runs",
    params: idParams,
    response: z.object({ event: eventDetailSchema.nullable() }),
    run: async ({ organizationId, params }) => {
      const row = await findTriggeringEvent(organizationId, params.id);
      if (row === undefined) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
      if (!row) return { event: null };
      // A body too large for the event row was kept as a file: show its start.
      const file = row.body === null ? await eventBodyBlobStart(organizationId, row.id, BODY_FILE_PREVIEW_BYTES) : null;
      return { event: toEventDetail(row, undefined, file) };
    },
  }),

  replay: defineOperation({
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
    run: async ({ organizationId, params, body }) => {
      const execution = await replayExecution(organizationId, params.id, body);
      return { id: execution.id, status: execution.status };
    },
  }),

  cancel: defineOperation({
    id: "cancelExecution",
    method: "POST",
    path: "/api/v1/executions/{id}/cancel",
    tag,
    summary: "Cancel a queued, running or waiting execution",
    params: idParams,
    response: executionDetailSchema,
    run: async ({ organizationId, params }) => {
      await cancelExecution(organizationId, params.id);
      return executionWithSteps(organizationId, params.id);
    },
  }),
};
