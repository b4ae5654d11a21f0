/**
 * A polling flow's progress, kept in instance state under `poll:<flow key>` so it lives and dies
 * with the instance. Every write goes through `withPollState`, which locks the row and checks the
 * version the poll started from: a poll that lost a race (another worker committed first) writes
 * nothing, so an item is never started twice.
 */
import { db, type Prisma } from "@/server/db/client";
import { JOBS, type PollJobPayload } from "@/server/jobs/job-catalog";
import type { Tx } from "@/server/modules/events/events.repo";

export interface PollState {
  /** Bumped by every commit; a commit expecting another version is refused. */
  version: number;
  /** The poller's own cursor; null before the first poll. */
  cursor: string | null;
  /** Ids of the items at the cursor's position (an inclusive "since" returns them again). */
  boundary: { position: string; ids: string[] } | null;
  /** When polling began: the first poll asks for changes from then on. */
  startedAt: string;
  /** The latest scheduled time a poll ran for. */
  lastDueAt: string | null;
  lastPolledAt: string | null;
  /** Why the latest poll failed (cleared by the next good one); never holds credentials. */
  lastError: string | null;
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

export const pollStateKey = (flowKey: string) => `poll:${flowKey}`;

/** The flow's poll state, created (polling begins at `startAt`) when it has none. */
export async function ensurePollState(instanceId: string, flowKey: string, startAt: Date): Promise<PollState> {
  const initial: PollState = {
    version: 0,
    cursor: null,
    boundary: null,
    startedAt: startAt.toISOString(),
    lastDueAt: null,
    lastPolledAt: null,
    lastError: null,
  };
  await db().$executeRaw`INSERT INTO instance_state (id, instance_id, key, value, updated_at)
    VALUES (gen_random_uuid(), ${instanceId}::uuid, ${pollStateKey(flowKey)}, ${JSON.stringify(initial)}::jsonb, now())
    ON CONFLICT (instance_id, key) DO NOTHING`;
  const row = await db().instanceState.findUniqueOrThrow({ where: { instanceId_key: { instanceId, key: pollStateKey(flowKey) } }, select: { value: true } });
  return row.value as unknown as PollState;
}

export async function readPollState(instanceId: string, flowKey: string): Promise<PollState | null> {
  const row = await db().instanceState.findUnique({ where: { instanceId_key: { instanceId, key: pollStateKey(flowKey) } }, select: { value: true } });
  return (row?.value ?? null) as PollState | null;
}

/**
 * Locks the flow's poll state, and when it is still at `expectedVersion` runs `work` and saves the
 * state it returns (version bumped) in the same transaction. Null when another poll committed first.
 */
export async function withPollState<T>(
  instanceId: string,
  flowKey: string,
  expectedVersion: number,
  work: (tx: Tx, current: PollState) => Promise<{ next: Omit<PollState, "version">; result: T }>,
): Promise<T | null> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ value: PollState }[]>`
      SELECT value FROM instance_state WHERE instance_id = ${instanceId}::uuid AND key = ${pollStateKey(flowKey)} FOR UPDATE`;
    const current = rows[0]?.value;
    if (!current || current.version !== expectedVersion) return null;
    const { next, result } = await work(tx, current);
    const value = { ...next, version: current.version + 1 } satisfies PollState;
    await tx.instanceState.update({
      where: { instanceId_key: { instanceId, key: pollStateKey(flowKey) } },
      data: { value: value as unknown as Prisma.InputJsonValue },
    });
    return result;
  }, TX_OPTIONS);
}

/** Active instances whose version has a poll flow, by id, one page at a time. */
export function listPollingInstances(afterId: string | null, take: number) {
  return db().$queryRaw<
    { id: string; organization_id: string; config_values: Record<string, unknown>; deployed_at: Date | null; manifest: unknown }[]
  >`SELECT i.id, i.organization_id, i.config_values, i.deployed_at, v.manifest
      FROM instance i JOIN integration_version v ON v.id = i.integration_version_id
     WHERE i.status = 'active' AND v.manifest->'flows' @> '[{"trigger": {"type": "poll"}}]'::jsonb
       AND (${afterId}::uuid IS NULL OR i.id > ${afterId}::uuid)
     ORDER BY i.id LIMIT ${take}`;
}

/** `instanceId:flowKey` → the latest due time polled for, for these instances' poll flows. */
export async function lastDueTimes(instanceIds: string[]): Promise<Map<string, Date>> {
  if (instanceIds.length === 0) return new Map();
  const rows = await db().$queryRaw<{ instance_id: string; key: string; last_due_at: string | null }[]>`
    SELECT instance_id, key, value->>'lastDueAt' AS last_due_at FROM instance_state
     WHERE instance_id = ANY(${instanceIds}::uuid[]) AND key LIKE 'poll:%'`;
  return new Map(rows.filter((row) => row.last_due_at).map((row) => [`${row.instance_id}:${row.key.slice("poll:".length)}`, new Date(row.last_due_at!)]));
}

/**
 * Queues one poll of a flow. The job key keeps at most one waiting poll per flow (a newer due time
 * replaces a waiting one) and the named queue runs a flow's polls one at a time, whichever worker
 * takes them; the version check in `withPollState` guards whatever else polls.
 */
export async function enqueuePoll(payload: PollJobPayload): Promise<void> {
  const key = `poll:${payload.instanceId}:${payload.flowKey}`;
  await db().$executeRaw`SELECT graphile_worker.add_job(${JOBS.poll.name}, ${JSON.stringify(payload)}::json,
    queue_name := ${key}, job_key := ${key}, job_key_mode := 'replace', max_attempts := ${JOBS.poll.maxAttempts}::int)`;
}
