/**
 * Group commit: callers that each need one write hand it to a committer that writes whatever has
 * queued up in one statement. While a write is in flight, new items wait and go together in the
 * next one, so a lone caller is written at once (no added latency) and a burst of N concurrent
 * callers costs a few round trips and commits instead of N. Each caller's promise settles only
 * after the write that carried its item returned, so "resolved" still means "committed".
 */
export interface GroupCommitOptions {
  /** Most items in one write. */
  maxBatch: number;
  /** Writes in flight at once (each holds one pooled connection). */
  maxInFlight: number;
  /**
   * While a write is in flight, another one starts only once this many items wait (default 1):
   * a write costs the database much more than one more item in it, so under load fewer, larger
   * writes carry more items per second than many small ones.
   */
  minBatchWhileBusy?: number;
  /**
   * When a write of several items fails: true writes each item again on its own, so one bad item
   * fails alone; false fails the whole batch (for errors after which a retry could write twice,
   * such as a connection lost mid-commit).
   */
  retryAlone?: (error: unknown) => boolean;
}

interface Pending<I, O> {
  item: I;
  resolve: (value: O) => void;
  reject: (error: unknown) => void;
}

export function groupCommit<I, O>(write: (items: I[]) => Promise<O[]>, options: GroupCommitOptions): (item: I) => Promise<O> {
  const queue: Pending<I, O>[] = [];
  let inFlight = 0;

  async function run(batch: Pending<I, O>[]): Promise<void> {
    try {
      const results = await write(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
      batch.forEach((p, i) => p.resolve(results[i]));
    } catch (error) {
      if (batch.length > 1 && options.retryAlone?.(error)) {
        await Promise.all(batch.map((p) => run([p])));
      } else {
        for (const p of batch) p.reject(error);
      }
    }
  }

  function pump(): void {
    while (inFlight < options.maxInFlight && queue.length > 0 && (inFlight === 0 || queue.length >= (options.minBatchWhileBusy ?? 1))) {
      const batch = queue.splice(0, options.maxBatch);
      inFlight++;
      void run(batch).finally(() => {
        inFlight--;
        pump();
      });
    }
  }

  return (item) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      pump();
    });
}
