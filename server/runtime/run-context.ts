/**
 * What a claimed execution runs with: its state machine from the pinned integration version, the
 * context object `$$` (Execution, Config, Trigger, Customer, Instance) and the instance's secret
 * values (for redaction). The instance's config (plain values and decrypted secrets) is kept in
 * process memory per instance and used while the instance's `updated_at` — which the claim reads
 * in the same statement — still matches: every change of an instance's configuration moves it, so
 * a run never sees older config than the database held when it was claimed.
 */
import { openJson } from "@/server/crypto/keyring";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { AppError } from "@/server/errors";
import { runtimeConfig } from "@/server/env";
import { hookUrl } from "@/server/modules/endpoints/endpoints.service";
import { findInstanceConfig } from "@/server/modules/instances/instances.repo";
import { processSingleton } from "@/server/process-singleton";
import { flowOf, machineOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { openCheckpointInput } from "@/server/modules/executions/sealed-checkpoint";
import type { ExecutionCheckpoint, WaitFor } from "./checkpoint";
import type { ClaimedRow } from "./checkpoints.repo";
import type { RunInfo } from "./execution-store";

interface InstanceConfig {
  stamp: number;
  config: Record<string, unknown>;
  secretValues: string[];
}

const MAX_CACHED_CONFIGS = 1000;
const configs = processSingleton("runtime.instanceConfigs", () => new Map<string, InstanceConfig>());

async function instanceConfig(organizationId: string, instanceId: string, updatedAt: Date): Promise<InstanceConfig> {
  const cached = configs.get(instanceId);
  if (cached && cached.stamp === updatedAt.getTime()) return cached;
  const row = await findInstanceConfig(organizationId, instanceId);
  if (!row) throw new AppError("NOT_FOUND", "No instance with that id in this organization.");
  const secrets = row.configSecretsEncrypted ? openJson<Record<string, string>>(row.configSecretsEncrypted) : {};
  const entry = {
    stamp: row.updatedAt.getTime(),
    config: { ...(row.configValues as Record<string, unknown>), ...secrets },
    secretValues: Object.values(secrets),
  };
  configs.delete(instanceId);
  if (configs.size >= MAX_CACHED_CONFIGS) configs.delete(configs.keys().next().value!);
  configs.set(instanceId, entry);
  return entry;
}

/** The execution's run and checkpoint as they stand in the row a claim (or a waiter lookup) returned. */
export async function loadClaimedRun(row: ClaimedRow): Promise<{ run: RunInfo; checkpoint: ExecutionCheckpoint }> {
  const [{ manifest, version }, instance] = await Promise.all([
    pinnedManifest(row.organization_id, row.integration_version_id),
    instanceConfig(row.organization_id, row.instance_id, row.instance_updated_at),
  ]);
  const machine = machineOf(flowOf(manifest, row.flow_key));
  const publicUrl = runtimeConfig().publicUrl;
  const context = buildExecutionContext(
    { id: row.id, input: row.input, startTime: row.created_at, name: `${row.flow_key}/${row.id}` },
    {
      Config: instance.config,
      Trigger: { Type: row.trigger, EventId: row.event_id },
      Customer: { Id: row.customer_external_id, Name: row.customer_name },
      // Deploy flows register these URLs with the provider (e.g. a GitHub repository webhook).
      Instance: {
        Id: row.instance_id,
        Version: version,
        Flow: row.flow_key,
        Endpoints: Object.fromEntries(row.endpoints.map((e) => [e.flowKey ?? "instance", hookUrl(publicUrl, e.token)])),
      },
    },
  );
  const run: RunInfo = {
    executionId: row.id,
    organizationId: row.organization_id,
    instanceId: row.instance_id,
    customerId: row.customer_id,
    customerExternalId: row.customer_external_id,
    flowKey: row.flow_key,
    integrationVersion: version,
    trigger: row.trigger,
    manifest,
    secretValues: instance.secretValues,
    networkAllowList: row.network_allow_list,
    leaseToken: row.lease_token,
    concurrency: row.concurrency_key === null ? null : { key: row.concurrency_key, limit: row.concurrency_limit ?? 1 },
    traceContext: row.trace_context,
  };
  const checkpoint: ExecutionCheckpoint = {
    executionId: row.id,
    machine,
    context,
    currentState: row.current_state ?? machine.StartAt,
    currentInput: row.current_input === null ? row.input : openCheckpointInput(row.current_input),
    retryCount: row.retry_count,
    retrierAttempts: row.retrier_attempts ?? undefined,
    stateEnteredAt: row.state_entered_at ?? new Date(),
    stateVisits: row.state_visits ?? {},
    stepsCommitted: row.steps_committed,
    waitFor: (row.wait_for as WaitFor | null) ?? null,
  };
  return { run, checkpoint };
}
