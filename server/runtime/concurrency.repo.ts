/**
 * Flow concurrency in the database, where executions are claimed, so it holds across worker
 * processes and restarts. An execution of a throttled or fifo flow carries its queue
 * (`concurrency_key`) and the queue's limit from the moment it is recorded. It takes its turn when
 * it starts: it is admitted only while fewer than `limit` executions of its queue are under way
 * (started and unfinished) and fewer than `limit` unfinished ones are ahead of it in arrival order
 * (ids are time-ordered and strictly increasing per process). Once started it keeps its place until
 * it finishes — parked on a timer, a retry, an event or a rate budget included — so a fifo queue
 * never runs two events of one record at once, nor out of order.
 *
 * Claims of a queue's new executions are serialised by a transaction-scoped advisory lock on the
 * queue, and only they are: the executions of parallel flows (the default) and the resumption of a
 * started one never take it. A refused claim leaves the execution queued without a job; the commit
 * that finishes an execution of the queue (or a cancellation) queues a job for the next in line,
 * and the orphan sweep (recovery.repo.ts) gives one to any execution whose turn has come but has
 * no job (a lost wake-up, a crash).
 */
import { preparedTransaction } from "@/server/db/client";
import { CLAIM_SET, EXECUTION_COLUMNS, RUN_COLUMNS, RUN_JOINS, type ClaimedRow } from "./checkpoints.repo";

/** True when `x` (an execution row of a queue) may start now. */
export function turnHasComeSql(x: string): string {
  return `(SELECT count(*) FROM (SELECT 1 FROM execution y
             WHERE y.concurrency_key = ${x}.concurrency_key AND y.status IN ('queued', 'running', 'waiting') AND y.id < ${x}.id
             LIMIT ${x}.concurrency_limit) ahead) < ${x}.concurrency_limit
      AND (SELECT count(*) FROM (SELECT 1 FROM execution y
             WHERE y.concurrency_key = ${x}.concurrency_key AND y.status IN ('queued', 'running', 'waiting') AND y.started_at IS NOT NULL AND y.id <> ${x}.id
             LIMIT ${x}.concurrency_limit) under_way) < ${x}.concurrency_limit`;
}

const CLAIM_IN_TURN_SQL = `
  WITH claimed AS (
    UPDATE execution x SET ${CLAIM_SET("$3", "$4")}
     WHERE x.id = $1::uuid AND x.concurrency_key = $2
       AND (x.status = 'queued'
            OR (x.status = 'running' AND (x.lease_until IS NULL OR x.lease_until < now()))
            OR (x.status = 'waiting' AND x.wait_until IS NOT NULL AND x.wait_until <= now()))
       AND (x.started_at IS NOT NULL OR (${turnHasComeSql("x")}))
    RETURNING ${EXECUTION_COLUMNS}
  )
  SELECT c.*, ${RUN_COLUMNS}
    FROM claimed c ${RUN_JOINS}`;

/**
 * Claims an execution of a throttled or fifo flow if its turn has come (see above); null when it
 * has not (or it is finished, cancelled, held by a live runner, or not yet due).
 */
export function claimInTurn(executionId: string, concurrencyKey: string, leasedBy: string | null, leaseMs: number): Promise<ClaimedRow | null> {
  return preparedTransaction(async (query) => {
    // Two claims of one queue at once would each count the other out; the lock makes them take turns.
    await query("runtime_queue_lock", "SELECT pg_advisory_xact_lock(hashtextextended('flow-concurrency:' || $1, 0))", [concurrencyKey]);
    const rows = await query<ClaimedRow>("runtime_claim_in_turn", CLAIM_IN_TURN_SQL, [executionId, concurrencyKey, leasedBy, leaseMs / 1000]);
    return rows[0] ?? null;
  });
}
