/**
 * Deliveries to a paused instance that buffers (`bufferWhilePaused`), and to an instance that is
 * still deploying, are verified, filtered and deduplicated on arrival, then recorded as `buffered`
 * (held) with the flows they were routed to. On resume, or once the deploy succeeded, they are
 * released in arrival order: each becomes `accepted` and starts its executions in one statement
 * (acceptEvents), so a release interrupted halfway picks up where it stopped. A failed deploy drops
 * them (events.repo dropHeldEvents).
 */
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { flowOf, pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { acceptEvents } from "./accept-events.repo";
import { listBufferedEvents } from "./events.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { flowInputFor } from "./event-document";
import { storedRequestDocument } from "./stored-document";

const BATCH = 100;

const RELEASE_REASONS = {
  resumed: "held while the instance was paused; released on resume",
  deployed: "held while the instance was deploying; released when the deploy succeeded",
} as const;

export async function releaseBufferedEvents(
  organizationId: string,
  instanceId: string,
  why: keyof typeof RELEASE_REASONS = "resumed",
): Promise<{ released: number; executionIds: string[] }> {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) return { released: 0, executionIds: [] };
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  const executionIds: string[] = [];
  let released = 0;
  for (;;) {
    const events = await listBufferedEvents(organizationId, instanceId, BATCH);
    if (events.length === 0) break;
    for (const event of events) {
      const document = await storedRequestDocument(organizationId, event);
      const input = flowInputFor(manifest, document);
      // One event per statement, in arrival order: a release interrupted halfway picks up where it stopped.
      const [result] = await acceptEvents([
        {
          record: { organizationId, instanceId, endpointId: event.endpointId, source: event.source },
          event: { release: event.id, reason: RELEASE_REASONS[why] },
          run: { customerId: instance.customerId, integrationVersionId: instance.integrationVersionId },
          starts: event.flowKeys.map((flowKey) => {
            const flow = flowOf(manifest, flowKey);
            return {
              flowKey,
              input,
              startAt: flow.StartAt,
              concurrency: executionConcurrency(instanceId, flow, input),
              priority: executionPriority.next(instance.customerId),
            };
          }),
          trigger: "webhook",
        },
      ]);
      // Not held any more: a concurrent resume released it first.
      if (typeof result !== "string") {
        released++;
        executionIds.push(...result.executionIds);
      }
    }
    if (events.length < BATCH) break;
  }
  return { released, executionIds };
}
