/**
 * Deliveries to a paused instance that buffers (`bufferWhilePaused`), and to an instance that is
 * still deploying, are verified, filtered and deduplicated on arrival, then recorded as `buffered`
 * (held) with the flows they were routed to. On resume, or once the deploy succeeded, they are
 * released in arrival order: each becomes `accepted` and starts its executions in one
 * transaction, so a release interrupted halfway picks up where it stopped. A failed deploy drops
 * them (events.repo dropHeldEvents).
 */
import { listBufferedEvents, releaseBufferedEvent } from "@/server/modules/events/events.repo";
import { startExecution } from "@/server/modules/executions/executions.service";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { storedRequestDocument } from "./stored-document";
import { flowInputFor } from "./routing";

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
      const ids = await releaseBufferedEvent(organizationId, event.id, instanceId, RELEASE_REASONS[why], async (tx) => {
        const started: string[] = [];
        for (const flowKey of event.flowKeys) {
          const input = flowInputFor(manifest, document);
          started.push((await startExecution(organizationId, { instanceId, flowKey, input, trigger: "webhook", eventId: event.id }, tx)).id);
        }
        return started;
      });
      if (ids) {
        released++;
        executionIds.push(...ids);
      }
    }
    if (events.length < BATCH) break;
  }
  return { released, executionIds };
}
