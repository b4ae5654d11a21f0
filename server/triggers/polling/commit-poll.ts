/**
 * Turns a chunk of new items into executions and saves the poll state, in one transaction: the
 * cursor never moves past an item whose execution is not recorded, and a recorded item's cursor is
 * never left behind. Each execution has an event (source `poll`) claiming the key
 * `poll:<flow>:<item id>`, so even a lost cursor cannot start an item twice.
 */
import { createHash } from "node:crypto";
import type { PolledItem } from "@/server/connectors/framework/define-connector";
import { claimEventInTransaction } from "@/server/modules/events/events.repo";
import { startExecution } from "@/server/modules/executions/executions.service";
import { withPollState, type PollState } from "@/server/modules/polling/poll-state.repo";

/** Items sharing one position beyond this are too many to remember; more than any real API puts in one second. */
export const MAX_BOUNDARY_IDS = 1000;

export interface PollTarget {
  organizationId: string;
  instanceId: string;
  flowKey: string;
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
    for (const group of groups(chunk.items, target.batch)) {
      const input = inputOf(group, target.batch);
      const eventId = await claimEventInTransaction(tx, {
        organizationId: target.organizationId,
        instanceId: target.instanceId,
        endpointId: null,
        source: "poll",
        eventType: target.poller,
        body: Buffer.from(JSON.stringify(input)),
        dedupeKey: dedupeKey(target.flowKey, group.map((item) => item.id)),
        flowKeys: [target.flowKey],
      });
      if (eventId === null) {
        outcome.repeats += group.length;
        continue;
      }
      const execution = await startExecution(target.organizationId, { instanceId: target.instanceId, flowKey: target.flowKey, input, trigger: "poll", eventId }, tx);
      outcome.executionIds.push(execution.id);
    }
    return { next: chunk.next, result: outcome };
  });
}
