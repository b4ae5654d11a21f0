import type { z } from "zod";
import { AppError } from "@/server/errors";
import { replayFailedExecutions } from "@/server/modules/executions/bulk-replay.service";
import { findExecutionFlow, findExecutionRow, listReplays, searchExecutions, searchExecutionsForSupport, type ExecutionSearch } from "@/server/modules/executions/execution-search.repo";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { executionFlowGraph } from "@/server/modules/flow-graph/execution-graph";
import { listStepRuns } from "@/server/modules/executions/executions.repo";
import { executionWait } from "@/server/modules/executions/execution-wait";
import { cancelExecution, replayExecution } from "@/server/modules/executions/executions.service";
import { startManualExecution } from "@/server/triggers/kinds/manual/manual";
import { decodeCursor, pageOf } from "../pagination";
import { toExecutionSummary, toSupportExecution, type executionFilterSchema } from "../schemas/executions.schema";

type ListQuery = z.output<typeof executionFilterSchema> & { cursor?: string; limit: number };

function searchOf(query: ListQuery): ExecutionSearch {
  return {
    status: query.status,
    integrationId: query.integrationId,
    customerId: query.customerId,
    instanceId: query.instanceId,
    flowKey: query.flowKey,
    from: query.from,
    to: query.to,
    text: query.q,
    before: decodeCursor(query.cursor),
    take: query.limit + 1,
  };
}

export async function listExecutions(organizationId: string, query: ListQuery) {
  const rows = await searchExecutions(organizationId, searchOf(query));
  return pageOf(rows, query.limit, (r) => ({ at: r.created_at, id: r.id }), toExecutionSummary);
}

/** The console's list: each run with its duration, what started it and what it did. */
export async function listExecutionsForSupport(organizationId: string, query: ListQuery) {
  const rows = await searchExecutionsForSupport(organizationId, searchOf(query));
  return pageOf(rows, query.limit, (r) => ({ at: r.created_at, id: r.id }), toSupportExecution);
}

/** The execution's flow laid out, with the path it took; null when its version no longer has the flow. */
export async function executionGraph(organizationId: string, id: string) {
  const found = await findExecutionFlow(organizationId, id);
  if (!found) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
  return executionFlowGraph(found.manifest as unknown as Manifest | null, found.flowKey, found.steps);
}

export async function getExecution(organizationId: string, id: string) {
  const row = await findExecutionRow(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
  const [steps, replays, waitingFor] = await Promise.all([listStepRuns(organizationId, id), listReplays(organizationId, id), executionWait(organizationId, id)]);
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

export async function replay(organizationId: string, id: string, options: { from: "start" | "failed-state"; version: "same" | "latest" }) {
  const execution = await replayExecution(organizationId, id, options);
  return { id: execution.id, status: execution.status };
}

export async function cancel(organizationId: string, id: string) {
  await cancelExecution(organizationId, id);
  return getExecution(organizationId, id);
}

export async function start(organizationId: string, input: { instanceId: string; flowKey: string; input?: unknown }) {
  const started = await startManualExecution(organizationId, { instanceId: input.instanceId, flowKey: input.flowKey, payload: input.input });
  return { id: started.executionId, status: started.status };
}

export function bulkReplay(organizationId: string, executionIds: string[]) {
  return replayFailedExecutions(organizationId, executionIds);
}
