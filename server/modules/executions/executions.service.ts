import type { Prisma } from "@/server/db/client";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { executionFlowGraph } from "@/server/modules/flow-graph/execution-graph";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { latestPublishedVersion } from "@/server/modules/integrations/integrations.repo";
import { flowOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { executionConcurrency } from "./concurrency";
import { cancelExecutionRow, findExecution, insertExecution, listStepRuns } from "./executions.repo";
import { findExecutionFlow } from "./execution-search.repo";
import { openCheckpointInput } from "./sealed-checkpoint";
import { countExecutionFinished } from "@/server/telemetry/metric-counts";

export interface StartExecutionInput {
  instanceId: string;
  flowKey: string;
  input: unknown;
  trigger: string;
  eventId?: string | null;
}

/**
 * Records an execution and queues it in one transaction (optionally the caller's, so an event and
 * its execution commit together). It runs on the instance's current version, pinned for its life.
 */
export async function startExecution(organizationId: string, start: StartExecutionInput, tx?: Prisma.TransactionClient) {
  // Reads go through the caller's transaction too: a burst of ingest transactions must not each
  // wait for a second pooled connection while holding one.
  const instance = await findInstance(organizationId, start.instanceId, tx);
  if (!instance) throw new AppError("NOT_FOUND", "No instance with that id in this organization.", { field: "instanceId" });
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId, tx);
  const flow = flowOf(manifest, start.flowKey);
  const data = {
    organizationId,
    customerId: instance.customerId,
    instanceId: instance.id,
    integrationVersionId: instance.integrationVersionId,
    flowKey: flow.key,
    trigger: start.trigger,
    input: (start.input ?? {}) as Prisma.InputJsonValue,
    startAt: flow.StartAt,
    eventId: start.eventId ?? null,
    concurrency: executionConcurrency(instance.id, flow, start.input ?? {}),
  };
  return insertExecution(data, tx);
}

export async function cancelExecution(organizationId: string, executionId: string) {
  const execution = await findExecution(organizationId, executionId);
  if (!execution) throw new AppError("NOT_FOUND", "No execution with that id in this organization.");
  if (!(await cancelExecutionRow(organizationId, executionId))) {
    throw new AppError(
      "CONFLICT",
      `The execution already ${execution.status === "cancelled" ? "was cancelled" : execution.status}; only queued, running or waiting executions can be cancelled.`,
    );
  }
  const { manifest } = await pinnedManifest(organizationId, execution.integrationVersionId);
  countExecutionFinished(manifest.key, execution.flowKey, "cancelled");
}

/**
 * A new execution linked to the original: from the start (on the same or the latest published
 * version), or from the state that failed, with the input that state had.
 */
export async function replayExecution(organizationId: string, executionId: string, options: { from: "start" | "failed-state"; version: "same" | "latest" }) {
  const original = await findExecution(organizationId, executionId);
  if (!original) throw new AppError("NOT_FOUND", "No execution with that id in this organization.");
  let versionId = original.integrationVersionId;
  if (options.version === "latest") {
    const instance = await findInstance(organizationId, original.instanceId);
    const latest = instance && (await latestPublishedVersion(organizationId, instance.integrationId));
    if (!latest) throw new AppError("CONFLICT", "The integration has no published version to replay on.");
    versionId = latest.id;
  }
  const { manifest } = await pinnedManifest(organizationId, versionId);
  const flow = flowOf(manifest, original.flowKey);
  let startAt = flow.StartAt;
  let startInput = original.input as Prisma.InputJsonValue;
  if (options.from === "failed-state") {
    if (original.status !== "failed") throw new AppError("CONFLICT", "Only a failed execution can be replayed from its failed state.");
    const failedStep = (await listStepRuns(organizationId, executionId)).filter((s) => s.status === "failed").at(-1);
    if (!failedStep) throw new AppError("CONFLICT", "The execution has no failed step to replay from.");
    if (!Object.hasOwn(flow.States, failedStep.stateName)) {
      throw new AppError("CONFLICT", `The state "${failedStep.stateName}" does not exist in the version chosen for the replay.`);
    }
    startAt = failedStep.stateName;
    // The step record shows secrets redacted; the execution kept the failed state's real input, sealed.
    // A run that failed in its first state before any commit has no checkpoint input: it is the input.
    const kept =
      original.currentState !== failedStep.stateName ? undefined : original.currentInput === null ? original.input : openCheckpointInput(original.currentInput);
    startInput = (kept ?? failedStep.input) as Prisma.InputJsonValue;
  }
  return insertExecution({
    organizationId,
    customerId: original.customerId,
    instanceId: original.instanceId,
    integrationVersionId: versionId,
    flowKey: original.flowKey,
    trigger: "replay",
    input: original.input as Prisma.InputJsonValue,
    startAt,
    startInput,
    eventId: original.eventId,
    replayOfId: original.id,
    // A replay takes its turn in the flow's queue like any new execution (as the version replayed on declares it).
    concurrency: executionConcurrency(original.instanceId, flow, original.input),
  });
}

export async function executionDetail(organizationId: string, executionId: string) {
  const execution = await findExecution(organizationId, executionId);
  if (!execution) throw new AppError("NOT_FOUND", "No execution with that id in this organization.");
  return { execution, steps: await listStepRuns(organizationId, executionId) };
}

/** The execution's flow laid out, with the path it took; null when its version no longer has the flow. */
export async function executionGraph(organizationId: string, executionId: string) {
  const found = await findExecutionFlow(organizationId, executionId);
  if (!found) throw new AppError("NOT_FOUND", "No execution with that id in this organization.", { field: "id" });
  return executionFlowGraph(found.manifest as unknown as Manifest | null, found.flowKey, found.steps);
}
