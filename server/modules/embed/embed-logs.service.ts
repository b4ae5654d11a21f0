/**
 * The customer's execution logs: lists with filters, one execution told in the integration's words
 * (what started it, what it did, a plain failure summary with the technical detail beside it) and,
 * where the vendor shows steps (manifest `customerLogs.showSteps`), its steps (secrets of the
 * instance redacted, HTTP call records as stored) and the flow drawn with the path taken. Replay
 * where the manifest allows it (`customerLogs.replay`).
 */
import type { HttpRecord } from "@/server/connectors/http/records";
import { connectorRegistry } from "@/server/connectors/registry";
import type { StateMachine } from "@/server/engine/definition.schema";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";
import { executionWait } from "@/server/modules/executions/execution-wait";
import { replayExecution } from "@/server/modules/executions/executions.service";
import { redactSecrets } from "@/server/text/redact";
import { actionToolFlow } from "@/server/modules/tools/tool-definitions";
import { executionFlowGraph } from "@/server/modules/flow-graph/execution-graph";
import { summarizeTrigger } from "@/server/manifest/trigger-kinds/trigger-summary";
import { customerActions, customerFailure, customerOutcome, describeError } from "./customer-run";
import { findOwnedInstance, listOwnedInstances, type Owner } from "./embed-instances.repo";
import {
  findOwnedEventType,
  findOwnedExecution,
  findOwnedVersionManifest,
  listOwnedExecutions,
  listOwnedSteps,
  listVersionManifests,
  type ExecutionFilter,
} from "./embed-logs.repo";
import { connectorIcon, connectorName, storedSecrets } from "./owned-instance";

/** The manifest's `customerLogs`, with the defaults for versions stored before it existed. */
export function customerLogsOf(manifest: Pick<Manifest, "customerLogs"> | undefined): { showSteps: boolean; replay: boolean | string[] } {
  return { showSteps: manifest?.customerLogs?.showSteps ?? false, replay: manifest?.customerLogs?.replay ?? false };
}

export function mayReplay(manifest: Pick<Manifest, "customerLogs"> | undefined, flowKey: string): boolean {
  const { replay } = customerLogsOf(manifest);
  return Array.isArray(replay) ? replay.includes(flowKey) : replay;
}

/** The flow's name, or the tool's for a call of a connector-action tool (its one-state flow). */
const flowName = (manifest: Manifest | undefined, flowKey: string) =>
  manifest ? ((manifest.flows.find((flow) => flow.key === flowKey) ?? actionToolFlow(manifest, flowKey, connectorRegistry))?.name ?? null) : null;
const appName = (connector: string) => connectorName(connector) ?? connector[0]!.toUpperCase() + connector.slice(1);

export async function listExecutions(owner: Owner, filter: ExecutionFilter) {
  const [rows, instances] = await Promise.all([listOwnedExecutions(owner, filter), listOwnedInstances(owner)]);
  const names = new Map(instances.map((instance) => [instance.id, instance.integration.name]));
  const page = rows.slice(0, filter.limit);
  const manifests = new Map(
    (await listVersionManifests(owner, [...new Set(page.map((row) => row.integrationVersionId))])).map((v) => [v.id, v.manifest as unknown as Manifest]),
  );
  return {
    items: page.map((row) => ({
      id: row.id,
      instanceId: row.instanceId,
      integrationName: names.get(row.instanceId) ?? "Removed integration",
      flowKey: row.flowKey,
      flowName: flowName(manifests.get(row.integrationVersionId), row.flowKey) ?? "Integration run",
      trigger: row.trigger,
      triggerSummary: summarizeTrigger(row.trigger, row.input, row.event?.eventType ?? null),
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
  const [steps, version, instance, event, waitingFor] = await Promise.all([
    listOwnedSteps(owner, execution.id),
    findOwnedVersionManifest(owner, execution.integrationVersionId),
    findOwnedInstance(owner, execution.instanceId),
    findOwnedEventType(owner, execution.trigger === "event" ? execution.eventId : null),
    executionWait(owner.organizationId, execution.id),
  ]);
  const secrets = instance ? Object.values(storedSecrets(instance)) : [];
  const redact = <T>(value: T): T => redactSecrets(value, secrets);
  const manifest = version?.manifest as unknown as Manifest | undefined;
  // A connector-action tool call ran the one-state flow of its tool: told like any flow.
  const flow = (manifest &&
    (manifest.flows.find((candidate) => candidate.key === execution.flowKey) ?? actionToolFlow(manifest, execution.flowKey, connectorRegistry))) as unknown as
    | StateMachine
    | undefined;
  const { showSteps } = customerLogsOf(manifest);
  const runSteps = steps.map((step) => ({
    stateName: step.stateName,
    status: step.status,
    error: step.error,
    calls: (Array.isArray(step.calls) ? step.calls : []) as unknown as HttpRecord[],
  }));
  const actions = customerActions(runSteps, flow, manifest, appName);
  const failure = customerFailure(execution, runSteps, flow, manifest, appName);
  return {
    id: execution.id,
    instanceId: execution.instanceId,
    integrationName: instance?.integration.name ?? "Removed integration",
    flowKey: execution.flowKey,
    flowName: flowName(manifest, execution.flowKey) ?? "Integration run",
    flowDescription: manifest?.flows.find((candidate) => candidate.key === execution.flowKey)?.description ?? null,
    version: version?.version ?? null,
    trigger: execution.trigger,
    triggerSummary: summarizeTrigger(execution.trigger, execution.input, event?.eventType ?? null),
    status: execution.status,
    waitingFor,
    createdAt: execution.createdAt,
    startedAt: execution.startedAt,
    finishedAt: execution.finishedAt,
    input: redact(execution.input),
    output: redact(execution.output),
    outcome: redact(customerOutcome(execution, actions, runSteps, flow, failure)),
    failure: failure ? redact(failure) : null,
    actions: await Promise.all(actions.map(async (action) => ({ ...action, icon: action.connector ? await connectorIcon(action.connector) : null }))),
    replayOfId: execution.replayOfId,
    showSteps,
    canReplay: execution.status === "failed" && instance !== null && mayReplay(manifest, execution.flowKey),
    steps: showSteps
      ? steps.map((step) => ({
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
        }))
      : [],
    graph: showSteps ? executionFlowGraph(manifest, execution.flowKey, steps) : null,
  };
}

export async function replayOwnedExecution(owner: Owner, executionId: string, from: "start" | "failed-state") {
  const execution = await requireOwnedExecution(owner, executionId);
  if (execution.status !== "failed") throw new AppError("CONFLICT", "Only a failed execution can be replayed.");
  if (!(await findOwnedInstance(owner, execution.instanceId))) throw new AppError("CONFLICT", "The integration of this execution was removed.");
  const version = await findOwnedVersionManifest(owner, execution.integrationVersionId);
  if (!mayReplay(version?.manifest as unknown as Manifest | undefined, execution.flowKey)) {
    throw new AppError("FORBIDDEN", "This integration does not let its runs be replayed from here; ask the vendor's support to replay it.");
  }
  const replay = await replayExecution(owner.organizationId, execution.id, { from, version: "same" });
  return { executionId: replay.id };
}
