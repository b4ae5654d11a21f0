/**
 * Deliveries to a paused instance that buffers (`bufferWhilePaused`) are verified, filtered and
 * deduplicated on arrival, then recorded as `buffered` with the flows they were routed to. On
 * resume they are released in arrival order: each becomes `accepted` and starts its executions
 * in one transaction, so a resume interrupted halfway picks up where it stopped.
 */
import { listBufferedEvents, releaseBufferedEvent } from "@/server/modules/events/events.repo";
import { startExecution } from "@/server/modules/executions/executions.service";
import { pinnedManifest } from "@/server/modules/integrations/pinned-manifest";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { parseBody } from "./ingest/delivery";
import { flowInputFor } from "./routing";

const BATCH = 100;

export async function releaseBufferedEvents(organizationId: string, instanceId: string): Promise<{ released: number; executionIds: string[] }> {
  const instance = await findInstance(organizationId, instanceId);
  if (!instance) return { released: 0, executionIds: [] };
  const { manifest } = await pinnedManifest(organizationId, instance.integrationVersionId);
  const executionIds: string[] = [];
  let released = 0;
  for (;;) {
    const events = await listBufferedEvents(organizationId, instanceId, BATCH);
    if (events.length === 0) break;
    for (const event of events) {
      const headers = event.headers as Record<string, string>;
      const document = {
        method: event.method ?? "POST",
        headers,
        query: (event.query as Record<string, string> | null) ?? {},
        body: parseBody(headers, Buffer.from(event.body ?? new Uint8Array())),
      };
      const ids = await releaseBufferedEvent(organizationId, event.id, instanceId, async (tx) => {
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
