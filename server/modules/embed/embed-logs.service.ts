/**
 * The customer's execution logs: lists with filters, one execution with its steps (secrets of the
 * instance redacted, HTTP call records as stored), the flow drawn with the path taken, and replay.
 */
import type { HttpRecord } from "@/server/connectors/http/records";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { replayExecution } from "@/server/modules/executions/executions.service";
import { redactSecrets } from "@/server/modules/executions/redact";
import { findOwnedInstance, listOwnedInstances, type Owner } from "./embed-instances.repo";
import { describeError, findOwnedExecution, findOwnedVersionManifest, listOwnedExecutions, listOwnedSteps, type ExecutionFilter } from "./embed-logs.repo";
import { executionFlowGraph } from "@/server/modules/flow-graph/execution-graph";
import { storedSecrets } from "./owned-instance";

export async function listExecutions(owner: Owner, filter: ExecutionFilter) {
  const [rows, instances] = await Promise.all([listOwnedExecutions(owner, filter), listOwnedInstances(owner)]);
  const names = new Map(instances.map((instance) => [instance.id, instance.integration.name]));
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      instanceId: row.instanceId,
      integrationName: names.get(row.instanceId) ?? "Removed integration",
      flowKey: row.flowKey,
      trigger: row.trigger,
      status: row.status,
      createdAt: row.createdAt,
      startedAt: row.startedAt,
      finishedAt: row.finishedAt,
      durationMs: row.startedAt && row.finishedAt ? row.finishedAt.getTime() - row.startedAt.getTime() : null,
      isReplay: row.replayOfId !== null,
    })),
    nextCursor: rows.length > filter.limit ? page.at(-1)!.id : null,
  };
}

async function requireOwnedExecution(owner: Owner, executionId: string) {
  const execution = await findOwnedExecution(owner, executionId);
  if (!execution) throw new AppError("NOT_FOUND", "No execution with that id for this customer.", { field: "executionId" });
  return execution;
}

export async function executionView(owner: Owner, executionId: string) {
  const execution = await requireOwnedExecution(owner, executionId);
  const [steps, version, instance] = await Promise.all([
    listOwnedSteps(owner, execution.id),
    findOwnedVersionManifest(owner, execution.integrationVersionId),
    findOwnedInstance(owner, execution.instanceId),
  ]);
  const secrets = instance ? Object.values(storedSecrets(instance)) : [];
  const redact = <T>(value: T): T => redactSecrets(value, secrets);
  const manifest = version?.manifest as unknown as Manifest | undefined;
  const flow = manifest?.flows.find((candidate) => candidate.key === execution.flowKey);
  const graph = executionFlowGraph(manifest, execution.flowKey, steps);
  return {
    id: execution.id,
    instanceId: execution.instanceId,
    integrationName: instance?.integration.name ?? "Removed integration",
    flowKey: execution.flowKey,
    flowName: flow?.name ?? execution.flowKey,
    version: version?.version ?? null,
    trigger: execution.trigger,
    status: execution.status,
    createdAt: execution.createdAt,
    startedAt: execution.startedAt,
    finishedAt: execution.finishedAt,
    input: redact(execution.input),
    output: redact(execution.output),
    error: redact(describeError(execution.error)),
    replayOfId: execution.replayOfId,
    steps: steps.map((step) => ({
      sequence: step.sequence,
      stateName: step.stateName,
      stateType: step.stateType,
      attempt: step.attempt,
      status: step.status,
      startedAt: step.startedAt,
      durationMs: step.durationMs,
      input: redact(step.input),
      output: redact(step.output),
      error: redact(describeError(step.error)),
      calls: redact((Array.isArray(step.calls) ? step.calls : []) as unknown as HttpRecord[]),
    })),
    graph,
  };
}

export async function replayOwnedExecution(owner: Owner, executionId: string, from: "start" | "failed-state") {
  const execution = await requireOwnedExecution(owner, executionId);
  if (execution.status !== "failed") throw new AppError("CONFLICT", "Only a failed execution can be replayed.");
  if (!(await findOwnedInstance(owner, execution.instanceId))) throw new AppError("CONFLICT", "The integration of this execution was removed.");
  const replay = await replayExecution(owner.organizationId, execution.id, { from, version: "same" });
  return { executionId: replay.id };
}
