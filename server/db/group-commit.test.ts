import { describe, expect, it } from "vitest";
import { groupCommit, type GroupCommitOptions } from "./group-commit";

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

/** A committer whose first write waits for `gate.release()`; it answers each item as `answer` maps it and records the batches. */
function gatedCommit(options: GroupCommitOptions, answer: (n: number) => number = (n) => n) {
  const writes: number[][] = [];
  const gate = deferred();
  const commit = groupCommit<number, number>(async (items) => {
    writes.push(items);
    if (writes.length === 1) await gate.promise;
    return items.map(answer);
  }, options);
  return { writes, gate, commit };
}

describe("groupCommit", () => {
  it("writes a lone item at once and batches what queues up while a write is in flight", async () => {
    const { writes, gate, commit } = gatedCommit({ maxBatch: 3, maxInFlight: 1 }, (n) => n * 10);
    const first = commit(1);
    const rest = [2, 3, 4, 5].map(commit);
    expect(writes).toEqual([[1]]);
    gate.release();
    expect(await Promise.all([first, ...rest])).toEqual([10, 20, 30, 40, 50]);
    expect(writes).toEqual([[1], [2, 3, 4], [5]]);
  });

  it("keeps up to maxInFlight writes going", async () => {
    let concurrent = 0;
    let most = 0;
    const commit = groupCommit<number, number>(
      async (items) => {
        most = Math.max(most, ++concurrent);
        await new Promise((resolve) => setTimeout(resolve, 5));
        concurrent--;
        return items;
      },
      { maxBatch: 1, maxInFlight: 2 },
    );
    await Promise.all([1, 2, 3, 4, 5].map(commit));
    expect(most).toBe(2);
  });

  it("starts a second write beside a running one only once minBatchWhileBusy items wait", async () => {
    const { writes, gate, commit } = gatedCommit({ maxBatch: 10, maxInFlight: 2, minBatchWhileBusy: 3 });
    const first = commit(1);
    const waiting = [commit(2), commit(3)];
    // Two wait: too few for a second write while the first is in flight.
    expect(writes).toEqual([[1]]);
    waiting.push(commit(4));
    expect(writes).toEqual([[1], [2, 3, 4]]);
    const last = commit(5);
    expect(writes).toHaveLength(2);
    gate.release();
    expect(await Promise.all([first, ...waiting, last])).toEqual([1, 2, 3, 4, 5]);
    // Once nothing else is in flight, a lone item goes at once.
    expect(writes).toEqual([[1], [2, 3, 4], [5]]);
  });

  it("writes each item alone after a failed batch when allowed, so only the bad one fails", async () => {
    const gate = deferred();
    let calls = 0;
    const commit = groupCommit<number, number>(
      async (items) => {
        if (calls++ === 0) await gate.promise;
        if (items.includes(13)) throw new Error("bad item");
        return items;
      },
      { maxBatch: 10, maxInFlight: 1, retryAlone: () => true },
    );
    const first = commit(0);
    const batch = [12, 13, 14].map((n) =>
      commit(n).then(
        (v) => ({ v }),
        (e: Error) => ({ e: e.message }),
      ),
    );
    gate.release();
    await first;
    expect(await Promise.all(batch)).toEqual([{ v: 12 }, { e: "bad item" }, { v: 14 }]);
  });

  it("fails the whole batch when a retry is not safe", async () => {
    const commit = groupCommit<number, number>(
      async () => {
        throw new Error("connection lost");
      },
      { maxBatch: 10, maxInFlight: 1, retryAlone: () => false },
    );
    const results = await Promise.allSettled([1, 2].map(commit));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected"]);
  });
});
