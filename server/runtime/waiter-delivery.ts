/**
 * Events for executions parked on WaitForEvent. The `events:deliver-to-waiters` task hands an
 * accepted event of an instance to the instance's waiting executions; it runs as a job committed
 * with the event, so a web process killed right after answering still has its event delivered.
 *
 * What a waiter's `Matches` reads: a delivery's request document `{ method, headers, query, body }`
 * (or its body, for event-type dispatch: what the event's flows get), and `{ type, source, payload }`
 * for an event a flow emitted.
 */
import { NonRetryableError } from "@/server/engine/errors";
import type { EngineDeps } from "@/server/engine/step-outcome";
import { eventMatches } from "@/server/engine/wait-for-event";
import { findEvent } from "@/server/modules/events/events.repo";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { flowInputFor } from "@/server/modules/events/event-document";
import { storedRequestDocument } from "@/server/modules/events/stored-document";
import { findEventWaiters } from "./checkpoints.repo";
import type { ExecutionStore } from "./execution-store";
import { loadClaimedRun } from "./run-context";
import { engineDeps, eventResumption } from "./run-states";

/** Resuming a WaitForEvent applies ResultSelector/ResultPath only; no action runs here. */
const resumeDeps = engineDeps(async () => {
  throw new NonRetryableError("no action runs while an event resumes a waiting execution");
});

/**
 * Hands an event of an instance to its executions parked on WaitForEvent whose `Matches` hold.
 * Each resumption is committed like any step (guarded: when the timeout or another event got there
 * first, this one loses) and queues the execution for a runner. Returns the ids it resumed.
 */
export async function deliverEventToWaiters(
  store: ExecutionStore,
  organizationId: string,
  instanceId: string,
  event: unknown,
  deps: EngineDeps = resumeDeps,
): Promise<string[]> {
  const resumed: string[] = [];
  for (const row of await findEventWaiters(organizationId, instanceId)) {
    const wait = row.wait_for as { kind: "event"; matches: Parameters<typeof eventMatches>[0] };
    if (!eventMatches(wait.matches, event)) continue;
    const { run, checkpoint } = await loadClaimedRun(row);
    const { record, transition } = eventResumption(checkpoint, event, deps);
    if (await store.commit(run, [{ checkpoint, record, transition }], "waiting")) resumed.push(row.id);
  }
  return resumed;
}

export async function deliverStoredEventToWaiters(store: ExecutionStore, organizationId: string, instanceId: string, eventId: string): Promise<string[]> {
  const [event, instance] = await Promise.all([findEvent(organizationId, eventId), findInstance(organizationId, instanceId)]);
  if (!event || !instance) return [];
  const body = Buffer.from(event.body ?? new Uint8Array());
  let document: unknown;
  if (event.source.startsWith("flow:")) {
    document = { type: event.eventType, source: event.source.slice("flow:".length), payload: body.length ? JSON.parse(body.toString("utf8")) : null };
  } else {
    const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
    // The document the ingest built: a GET delivery's query as its body, a large body's file reference.
    document = flowInputFor(manifest, await storedRequestDocument(organizationId, event));
  }
  return deliverEventToWaiters(store, organizationId, instanceId, document);
}
