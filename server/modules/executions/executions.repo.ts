import { db, type Prisma } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";
import { withoutNul } from "@/server/db/jsonb";
import type { ExecutionConcurrency } from "./concurrency";
import { executionPriority } from "./fair-priority";
import { JOBS } from "@/server/jobs/job-catalog";
import { enqueueExecutionRun, enqueueLifecycleSettle, removeExecutionRun, WAKE_NEXT_IN_LINE_SQL } from "./queue.repo";
import { sealCheckpointInput } from "./sealed-checkpoint";

export interface NewExecution {
  organizationId: string;
  customerId: string;
  instanceId: string;
  integrationVersionId: string;
  flowKey: string;
  trigger: string;
  input: Prisma.InputJsonValue;
  startAt: string;
  startInput?: Prisma.InputJsonValue;
  eventId?: string | null;
  replayOfId?: string | null;
  /** The queue of a throttled or fifo flow (concurrency.ts); none for a parallel one. */
  concurrency?: ExecutionConcurrency | null;
}

type Tx = Pick<Prisma.TransactionClient, "execution" | "$executeRaw">;

/**
 * Records an execution and queues its first run in one transaction: the caller's (so an event and
 * its execution commit together), or a new one.
 */
export function insertExecution(data: NewExecution, tx?: Tx) {
  return tx ? writeExecution(data, tx) : db().$transaction((t) => writeExecution(data, t));
}

async function writeExecution(data: NewExecution, tx: Tx) {
  const execution = await tx.execution.create({
    data: {
      organizationId: data.organizationId,
      customerId: data.customerId,
      instanceId: data.instanceId,
      integrationVersionId: data.integrationVersionId,
      flowKey: data.flowKey,
      trigger: data.trigger,
      input: withoutNul(data.input) as Prisma.InputJsonValue,
      currentState: data.startAt,
      currentInput: sealCheckpointInput(data.startInput ?? data.input),
      stateVisits: { [data.startAt]: 1 },
      eventId: data.eventId ?? null,
      replayOfId: data.replayOfId ?? null,
      concurrencyKey: data.concurrency?.key ?? null,
      concurrencyLimit: data.concurrency?.limit ?? null,
    },
    select: { id: true, status: true, createdAt: true },
  });
  await enqueueExecutionRun(tx, execution.id, { concurrencyKey: data.concurrency?.key, priority: executionPriority.next(data.customerId) });
  return execution;
}

/** The latest execution of each flow started by a trigger (the current deploy or remove attempt per flow). */
export function latestExecutionsByFlow(organizationId: string, instanceId: string, trigger: string) {
  return db().$queryRaw<{ id: string; flow_key: string; status: ExecutionStatus; error: unknown }[]>`
    SELECT DISTINCT ON (flow_key) id, flow_key, status, error FROM execution
     WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid AND trigger = ${trigger}
     ORDER BY flow_key, created_at DESC`;
}

export async function listExecutionIdsForEvent(organizationId: string, eventId: string): Promise<string[]> {
  // An event's executions share their creation time (one statement); their ids are in start order.
  const rows = await db().execution.findMany({ where: { organizationId, eventId }, select: { id: true }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return rows.map((row) => row.id);
}

export function findExecution(organizationId: string, id: string) {
  return db().execution.findFirst({ where: { organizationId, id } });
}

export function listStepRuns(organizationId: string, executionId: string) {
  return db().stepRun.findMany({ where: { organizationId, executionId }, orderBy: { sequence: "asc" } });
}

/**
 * Cancels unless already finished; drops its pending job in the same transaction. In a throttled
 * or fifo flow, the next in line gets its job (its turn may have come).
 */
export async function cancelExecutionRow(organizationId: string, id: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const [changed] = await tx.$queryRaw<{ concurrency_key: string | null; concurrency_limit: number | null }[]>`
      UPDATE execution SET status = 'cancelled', finished_at = now(), lease_until = NULL, wait_until = NULL, current_input = NULL, updated_at = now()
       WHERE id = ${id}::uuid AND organization_id = ${organizationId}::uuid AND status IN ('queued', 'running', 'waiting')
      RETURNING concurrency_key, concurrency_limit`;
    if (changed) await settleEnded(tx, id, changed);
    return changed !== undefined;
  });
}

/**
 * What an execution ended outside its runner (cancelled, or given up) leaves to do in the same
 * transaction: its run job goes, a deploy or remove flow settles its instance, and the next
 * executions in line of its throttled or fifo queue get their jobs.
 */
async function settleEnded(tx: Prisma.TransactionClient, id: string, queue: { concurrency_key: string | null; concurrency_limit: number | null }) {
  await removeExecutionRun(tx, id);
  await enqueueLifecycleSettle(tx, id);
  if (queue.concurrency_key) await tx.$executeRawUnsafe(WAKE_NEXT_IN_LINE_SQL, JOBS.runExecution.name, [queue.concurrency_key], [queue.concurrency_limit ?? 1]);
}

export interface GivenUpExecution {
  id: string;
  integrationKey: string;
  flowKey: string;
}

/**
 * Executions parked for a reconnect (wait_for `{ kind: "reconnect" }`) since before `parkedBefore`
 * fail: their parked step and the execution get `Switchyard.ReconnectRequired` with a cause that
 * says how long the connection stayed broken, so the run shows as failed (alerts, logs, a deploy
 * flow's instance), and it can be replayed from that state once the connection works. The
 * execution keeps its state's sealed input for that replay.
 */
export async function failUnreconnectedWaits(parkedBefore: Date, waitedFor: string, limit = 100): Promise<GivenUpExecution[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<
      { id: string; flow_key: string; integration_key: string; concurrency_key: string | null; concurrency_limit: number | null }[]
    >`
      -- A reconnect park has no wake-up time (one woken by a reconnect has, and is about to run), so
      -- the (status, wait_until) index finds them without reading every waiting execution.
      WITH parked AS (
        SELECT id, wait_for->>'connection' AS connection FROM execution
         WHERE status = 'waiting' AND wait_until IS NULL AND wait_for->>'kind' = 'reconnect' AND updated_at < ${parkedBefore}
         ORDER BY updated_at LIMIT ${limit} FOR UPDATE SKIP LOCKED
      )
      UPDATE execution x SET status = 'failed', finished_at = now(), wait_for = NULL, wait_until = NULL, lease_until = NULL, updated_at = now(),
             error = jsonb_build_object('Error', 'Switchyard.ReconnectRequired',
                                        'Cause', format('the connection "%s" was not reconnected within %s; reconnect it and replay the run from this state', p.connection, ${waitedFor}::text))
        FROM parked p WHERE x.id = p.id
      RETURNING x.id::text, x.flow_key, x.concurrency_key, x.concurrency_limit,
                (SELECT i.key FROM integration_version v JOIN integration i ON i.id = v.integration_id WHERE v.id = x.integration_version_id) AS integration_key`;
    for (const row of rows) {
      // The parked step (the last one, waiting for the reconnect) is where a replay starts from.
      await tx.$executeRaw`
        UPDATE step_run s SET status = 'failed', error = x.error
          FROM execution x
         WHERE x.id = ${row.id}::uuid AND s.execution_id = x.id AND s.status = 'waiting'
           AND s.sequence = (SELECT max(sequence) FROM step_run WHERE execution_id = x.id)`;
      await settleEnded(tx, row.id, row);
    }
    return rows.map((row) => ({ id: row.id, integrationKey: row.integration_key, flowKey: row.flow_key }));
  });
}
