/**
 * What a flow run sees: its state machine from the pinned integration version and the context
 * object `$$` (Execution, Config, Trigger, Customer, Instance).
 */
import type { StateMachine } from "@/server/engine/definition.schema";
import { buildExecutionContext, type ExecutionContext } from "@/server/engine/step-outcome";
import { AppError } from "@/server/errors";
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import { runtimeConfig } from "@/server/env";
import { listInstanceEndpoints } from "@/server/modules/endpoints/endpoints.service";
import { connectorRegistry } from "@/server/connectors/registry";
import { instanceRunContext } from "@/server/modules/instances/instances.service";
import { actionToolFlow } from "@/server/modules/tools/tool-definitions";
import { findVersionManifest, type ExecutionRow } from "./executions.repo";

// Published versions never change, so their parsed manifests can be cached for the process's life.
const manifests = new Map<string, { manifest: Manifest; version: number }>();
const MAX_CACHED = 500;

export async function pinnedManifest(organizationId: string, versionId: string, client?: Parameters<typeof findVersionManifest>[2]) {
  const cached = manifests.get(versionId);
  if (cached) return cached;
  const row = await findVersionManifest(organizationId, versionId, client);
  if (!row) throw new AppError("NOT_FOUND", `integration version ${versionId} no longer exists`);
  const entry = { manifest: row.manifest as unknown as Manifest, version: row.version };
  if (manifests.size >= MAX_CACHED) manifests.delete(manifests.keys().next().value!);
  manifests.set(versionId, entry);
  return entry;
}

/** A flow of the manifest, or the one-state flow a connector-action tool call runs (`tool.<name>`). */
export function flowOf(manifest: Manifest, flowKey: string): Flow {
  const flow = manifest.flows.find((f) => f.key === flowKey) ?? actionToolFlow(manifest, flowKey, connectorRegistry);
  if (!flow) throw new AppError("NOT_FOUND", `the integration has no flow "${flowKey}"`, { field: "flowKey" });
  return flow;
}

export function machineOf(flow: Flow): StateMachine {
  return { StartAt: flow.StartAt, States: flow.States, ...(flow.TimeoutSeconds ? { TimeoutSeconds: flow.TimeoutSeconds } : {}) } as StateMachine;
}

export interface LoadedRun {
  manifest: Manifest;
  machine: StateMachine;
  context: ExecutionContext;
  secretValues: string[];
}

/** `$$.Instance.Endpoints`: each webhook flow's URL by flow key; the per-instance endpoint as `instance`. */
async function endpointUrls(organizationId: string, instanceId: string): Promise<Record<string, string>> {
  const endpoints = await listInstanceEndpoints(organizationId, instanceId, runtimeConfig().publicUrl);
  return Object.fromEntries(endpoints.map((e) => [e.flowKey ?? "instance", e.url]));
}

export async function loadRun(row: ExecutionRow): Promise<LoadedRun> {
  const { manifest, version } = await pinnedManifest(row.organization_id, row.integration_version_id);
  const instance = await instanceRunContext(row.organization_id, row.instance_id);
  const context = buildExecutionContext(
    { id: row.id, input: row.input, startTime: row.created_at, name: `${row.flow_key}/${row.id}` },
    {
      Config: instance.config,
      Trigger: { Type: row.trigger, EventId: row.event_id },
      Customer: { Id: instance.customer.externalId, Name: instance.customer.name },
      // Deploy flows register these URLs with the provider (e.g. a GitHub repository webhook).
      Instance: { Id: row.instance_id, Version: version, Flow: row.flow_key, Endpoints: await endpointUrls(row.organization_id, row.instance_id) },
    },
  );
  return { manifest, machine: machineOf(flowOf(manifest, row.flow_key)), context, secretValues: instance.secretValues };
}
