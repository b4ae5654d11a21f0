/**
 * An execution runs on the integration version it was started on (pinned for its life). Published
 * versions never change, so their parsed manifests are cached for the process's life.
 */
import { connectorRegistry } from "@/server/connectors/registry";
import type { StateMachine } from "@/server/engine/definition.schema";
import { AppError } from "@/server/errors";
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import { actionToolFlow } from "@/server/modules/tools/tool-definitions";
import { processSingleton } from "@/server/process-singleton";
import { findVersionManifest } from "./integrations.repo";

const manifests = processSingleton("integrations.pinnedManifests", () => new Map<string, { manifest: Manifest; version: number }>());
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
