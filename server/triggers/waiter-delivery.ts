/**
 * The `events:deliver-to-waiters` task: an accepted event of an instance is handed to the
 * instance's executions parked on WaitForEvent. It runs as a job committed with the event, so
 * a web process killed right after answering still has its event delivered.
 *
 * What a waiter's `Matches` reads: a delivery's request document `{ method, headers, query, body }`
 * (or its body, for event-type dispatch: what the event's flows get), and `{ type, source, payload }`
 * for an event a flow emitted.
 */
import { NonRetryableError } from "@/server/engine/errors";
import { findEvent } from "@/server/modules/events/events.repo";
import { deliverEventToWaiters } from "@/server/modules/executions/executions.service";
import { pinnedManifest } from "@/server/modules/executions/run-context";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { engineDeps } from "@/server/worker/execution-task";
import { flowInputFor } from "./routing";
import { storedRequestDocument } from "./stored-document";

export async function deliverStoredEventToWaiters(organizationId: string, instanceId: string, eventId: string): Promise<string[]> {
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
  // Resuming a WaitForEvent applies ResultSelector/ResultPath only; no action runs here.
  const deps = engineDeps(async () => {
    throw new NonRetryableError("no action runs while an event resumes a waiting execution");
  });
  return deliverEventToWaiters(organizationId, instanceId, document, deps);
}
