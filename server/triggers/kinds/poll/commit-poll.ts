/**
 * Turns a chunk of new items into executions (acceptEvents) and saves the poll state, in one transaction: the
 * cursor never moves past an item whose execution is not recorded, and a recorded item's cursor is
 * never left behind. Each execution has an event (source `poll`) claiming the key
 * `poll:<flow>:<item id>`, so even a lost cursor cannot start an item twice.
 */
import { createHash } from "node:crypto";
import type { PolledItem } from "@/server/connectors/framework/define-connector";
import type { Flow } from "@/server/manifest/manifest.schema";
import { acceptEvents, type AcceptedDelivery } from "@/server/modules/events/accept-events.repo";
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { withPollState, type PollState } from "./poll-state.repo";

/** Items sharing one position beyond this are too many to remember; more than any real API puts in one second. */
export const MAX_BOUNDARY_IDS = 1000;

export interface PollTarget {
  organizationId: string;
  instanceId: string;
  flowKey: string;
  /** The instance's customer and pinned version, and the flow on it. */
  run: { customerId: string; integrationVersionId: string };
  flow: Pick<Flow, "key" | "StartAt" | "concurrency">;
  /** `github.issues`: the event type of the recorded events. */
  poller: string;
  batch: "item" | { size: number };
}

function dedupeKey(flowKey: string, ids: string[]): string {
  const key = ids.length === 1 ? `poll:${flowKey}:${ids[0]}` : `poll:${flowKey}:batch:${createHash("sha256").update(ids.join("\n")).digest("hex")}`;
  return key.length > 200 ? `sha256:${createHash("sha256").update(key).digest("hex")}` : key;
}

function groups(items: PolledItem[], batch: PollTarget["batch"]): PolledItem[][] {
  const size = batch === "item" ? 1 : batch.size;
  const out: PolledItem[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The flow's input: `{ item, itemId }`, or `{ items, itemIds }` for batches. */
function inputOf(group: PolledItem[], batch: PollTarget["batch"]) {
  return batch === "item" ? { item: group[0].data, itemId: group[0].id } : { items: group.map((i) => i.data), itemIds: group.map((i) => i.id) };
}

/** Where an inclusive cursor now stands and which ids sit there, after these items (oldest first). */
export function advanceBoundary(boundary: PollState["boundary"], items: PolledItem[]): PollState["boundary"] {
  let next = boundary;
  for (const item of items) {
    if (item.position === undefined) continue;
    if (next === null || next.position !== item.position) next = { position: item.position, ids: [item.id] };
    else if (!next.ids.includes(item.id)) next = { position: next.position, ids: [...next.ids, item.id].slice(-MAX_BOUNDARY_IDS) };
  }
  return next;
}

export interface ChunkOutcome {
  executionIds: string[];
  /** Items whose key an earlier event already claimed. */
  repeats: number;
}

/**
 * Records the chunk's executions and the new state if the state is still at `expectedVersion`;
 * null when another poll committed first (nothing is written then).
 */
export function commitChunk(
  target: PollTarget,
  expectedVersion: number,
  chunk: { items: PolledItem[]; next: Omit<PollState, "version"> },
): Promise<ChunkOutcome | null> {
  return withPollState(target.instanceId, target.flowKey, expectedVersion, async (tx) => {
    const outcome: ChunkOutcome = { executionIds: [], repeats: 0 };
    const chunkGroups = groups(chunk.items, target.batch);
    const deliveries = chunkGroups.map((group): AcceptedDelivery => {
      const input = inputOf(group, target.batch);
      return {
        record: {
          organizationId: target.organizationId,
          instanceId: target.instanceId,
          endpointId: null,
          source: "poll",
          eventType: target.poller,
          body: Buffer.from(JSON.stringify(input)),
          dedupeKey: dedupeKey(
            target.flowKey,
            group.map((item) => item.id),
          ),
          flowKeys: [target.flowKey],
        },
        run: target.run,
        starts: [
          {
            flowKey: target.flowKey,
            input,
            startAt: target.flow.StartAt,
            concurrency: executionConcurrency(target.instanceId, target.flow, input),
            priority: executionPriority.next(target.run.customerId),
          },
        ],
        trigger: "poll",
        // New items are nothing a WaitForEvent state waits for.
        deliverToWaiters: false,
      };
    });
    // One statement for the chunk's events, executions and jobs, in the transaction that saves the cursor.
    const results = deliveries.length > 0 ? await acceptEvents(deliveries, { tx }) : [];
    for (const [index, result] of results.entries()) {
      if (typeof result === "string") outcome.repeats += chunkGroups[index].length;
      else outcome.executionIds.push(...result.executionIds);
    }
    return { next: chunk.next, result: outcome };
  });
}
