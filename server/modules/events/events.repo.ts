/**
 * Events: every delivery the ingest received (whatever its verdict), schedule ticks and events
 * flows emitted. An accepted or buffered event claims its dedupe key through a partial unique
 * index (see migration 20261123140000_triggers); claiming and starting its executions are one
 * transaction, so an event is never acknowledged without its executions, nor twice.
 */
import { db, preparedQuery, type Prisma } from "@/server/db/client";
import type { EventVerdict } from "@/server/db/generated/enums";
import { uuidv7 } from "@/server/db/uuid";
import { firstRunsSql, RUN_EXECUTION_TASK } from "@/server/modules/executions/queue.repo";

export const DELIVER_TO_WAITERS_TASK = "events:deliver-to-waiters";

export interface EventRecord {
  organizationId: string;
  instanceId: string;
  endpointId: string | null;
  source: string;
  eventType?: string | null;
  method?: string | null;
  headers?: Record<string, string>;
  query?: Record<string, string> | null;
  body?: Buffer | null;
  reason?: string | null;
  dedupeKey?: string | null;
  flowKeys?: string[];
}

export type Tx = Prisma.TransactionClient;

/** Interactive transactions under a burst wait for a pooled connection longer than Prisma's 2 s default. */
const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

/**
 * Inserts one event; null when its verdict claims a dedupe key (accepted, buffered) that another
 * event already holds. Other verdicts are outside the claim index, so they are always written.
 */
async function insertEvent(client: Pick<Tx, "$queryRaw">, record: EventRecord, verdict: EventVerdict): Promise<string | null> {
  const headers = JSON.stringify(record.headers ?? {});
  const query = record.query ? JSON.stringify(record.query) : null;
  const rows = await client.$queryRaw<{ id: string }[]>`
    INSERT INTO event (id, organization_id, instance_id, endpoint_id, source, event_type, method, headers, query, body, verdict, reason, dedupe_key, flow_keys)
    VALUES (${uuidv7()}::uuid, ${record.organizationId}::uuid, ${record.instanceId}::uuid, ${record.endpointId}::uuid, ${record.source}, ${record.eventType ?? null},
            ${record.method ?? null}, ${headers}::jsonb, ${query}::jsonb, ${record.body ?? null}::bytea, ${verdict}::"EventVerdict",
            ${record.reason ?? null}, ${record.dedupeKey ?? null}, ${record.flowKeys ?? []}::text[])
    ON CONFLICT DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

/**
 * Rejected deliveries kept per endpoint. Anyone who knows an endpoint's URL can send deliveries
 * that fail verification; beyond this many, the oldest rejected ones make room for the newest, so
 * such a caller cannot fill the database. (Retention removes the rest once they are old enough.)
 */
export const REJECTED_DELIVERIES_KEPT_PER_ENDPOINT = 200;

/**
 * Inserts an accepted event in the caller's transaction, claiming its dedupe key: null when the key
 * is already claimed (then nothing is written). For callers that record several events and their
 * executions in one transaction (polling).
 */
export function claimEventInTransaction(tx: Tx, record: EventRecord): Promise<string | null> {
  return insertEvent(tx, record, "accepted");
}

/** Records a delivery that starts nothing: rejected, filtered or duplicate. */
export async function recordEvent(record: EventRecord, verdict: "rejected" | "filtered" | "duplicate"): Promise<string> {
  const id = await insertEvent(db(), record, verdict);
  if (id === null) throw new Error(`A ${verdict} event was not written.`);
  if (verdict === "rejected" && record.endpointId) await capRejectedDeliveries(record.endpointId);
  return id;
}

/** Deletes an endpoint's rejected deliveries beyond the newest `keep` (a bounded batch per call). */
export async function capRejectedDeliveries(endpointId: string, keep = REJECTED_DELIVERIES_KEPT_PER_ENDPOINT): Promise<number> {
  return db().$executeRaw`
    DELETE FROM event WHERE id IN (
      SELECT id FROM event
       WHERE endpoint_id = ${endpointId}::uuid AND verdict = 'rejected'
       ORDER BY received_at DESC, id DESC
       OFFSET ${keep} LIMIT 100)`;
}

/**
 * Claims the event's dedupe key and, in the same transaction, runs `onClaimed` (which starts the
 * executions). Returns null when another event already holds the key: nothing is written then.
 * When executions of the instance wait for an event, a job hands this one to them.
 */
export async function claimEvent<T>(
  record: EventRecord,
  verdict: "accepted" | "buffered",
  onClaimed: (tx: Tx, eventId: string) => Promise<T>,
  options: { deliverToWaiters?: boolean } = {},
): Promise<{ eventId: string; result: T } | null> {
  return db().$transaction(async (tx) => {
    const eventId = await insertEvent(tx, record, verdict);
    if (eventId === null) return null;
    const result = await onClaimed(tx, eventId);
    if (verdict === "accepted" && options.deliverToWaiters !== false) await enqueueWaiterDelivery(tx, record.organizationId, record.instanceId, eventId);
    return { eventId, result };
  }, TX_OPTIONS);
}

export interface AcceptedStart {
  flowKey: string;
  input: unknown;
  /** The flow's StartAt in the pinned version. */
  startAt: string;
  /** The first run's job is due this much later (a synchronous flow the web process runs inline). */
  firstRunAfterMs?: number;
}

export interface AcceptedDelivery {
  record: EventRecord;
  run: { customerId: string; integrationVersionId: string };
  starts: AcceptedStart[];
  trigger?: string;
  /**
   * Written only while the endpoint still has this token and its instance is still active on
   * `run.integrationVersionId` with this `updated_at` (the configuration the delivery was verified
   * and routed with); otherwise the delivery is "stale" and nothing is written for it.
   */
  guard?: { token: string; instanceUpdatedAt: Date };
}

/** Accepted (with what was written), a repeat of a dedupe key another event holds, or stale (see `guard`). */
export type AcceptResult = { eventId: string; executionIds: string[] } | "duplicate" | "stale";

/**
 * $1 events, $2 executions (JSON arrays, see acceptEvents), $3 RUN_EXECUTION_TASK, $4 DELIVER_TO_WAITERS_TASK,
 * $5 and $6 the executions whose first run is delayed and by how many seconds.
 */
const ACCEPT_EVENTS_SQL = `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, organization_id uuid, instance_id uuid, endpoint_id uuid, source text,
             event_type text, method text, headers jsonb, query jsonb, body text, reason text, dedupe_key text, flow_keys jsonb,
             guard_token text, guard_version uuid, guard_updated_ms bigint)
    ), valid AS (
      SELECT e.* FROM input e
       WHERE e.guard_token IS NULL
          OR EXISTS (SELECT 1 FROM endpoint en JOIN instance i ON i.id = en.instance_id
                      WHERE en.id = e.endpoint_id AND en.token = e.guard_token AND i.status = 'active'
                        AND i.integration_version_id = e.guard_version
                        AND (extract(epoch FROM i.updated_at) * 1000)::bigint = e.guard_updated_ms)
    ), ev AS (
      INSERT INTO event (id, organization_id, instance_id, endpoint_id, source, event_type, method, headers, query, body, verdict, reason, dedupe_key, flow_keys)
      SELECT e.id, e.organization_id, e.instance_id, e.endpoint_id, e.source, e.event_type, e.method, e.headers, e.query, decode(e.body, 'base64'),
             'accepted'::"EventVerdict", e.reason, e.dedupe_key, ARRAY(SELECT jsonb_array_elements_text(e.flow_keys))
        FROM valid e
      ON CONFLICT DO NOTHING
      RETURNING id, organization_id, instance_id
    ), ex AS (
      INSERT INTO execution (id, organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, input, current_state, state_visits, event_id, updated_at)
      SELECT x.id, x.organization_id, x.customer_id, x.instance_id, x.integration_version_id, x.flow_key, x.trigger,
             x.input, x.start_at, jsonb_build_object(x.start_at, 1), ev.id, now()
        FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, event_id uuid, organization_id uuid, customer_id uuid, instance_id uuid,
             integration_version_id uuid, flow_key text, trigger text, input jsonb, start_at text)
        JOIN ev ON ev.id = x.event_id
      RETURNING id
    ), ${firstRunsSql("ex", "$3::text", { ids: "$5::uuid[]", seconds: "$6::float8[]" })}, waiters AS (
      -- Rare (only while an execution of the instance waits for an event), and found through the
      -- partial index execution_waiting_for_event_idx, not by reading the instance's executions.
      SELECT graphile_worker.add_job($4::text, json_build_object('organizationId', w.organization_id, 'instanceId', w.instance_id, 'eventId', w.id),
                                     max_attempts := 5)
        FROM ev w
       WHERE EXISTS (SELECT 1 FROM execution x WHERE x.organization_id = w.organization_id AND x.instance_id = w.instance_id
                        AND x.status = 'waiting' AND x.wait_for->>'kind' = 'event')
    )
    SELECT id, 'accepted' AS outcome FROM ev
     WHERE (SELECT count(*) FROM first_runs_woken) >= 0 AND (SELECT count(*) FROM waiters) >= 0
    UNION ALL
    SELECT e.id, 'stale' AS outcome FROM input e WHERE NOT EXISTS (SELECT 1 FROM valid v WHERE v.id = e.id)`;

/**
 * Accepted deliveries, any number of them, in one statement (one round trip, one commit): each
 * claims its event's dedupe key, inserts its executions on the instance's pinned version and
 * queues each one's first run, plus the waiter-delivery job when executions of its instance wait
 * for an event — what `claimEvent` with `startExecution` does in an interactive transaction,
 * without holding a pooled connection across eight round trips. The statement is atomic: once it
 * returns, every delivery's event, executions and jobs are committed. A delivery whose dedupe key
 * another event holds (an earlier one, or another in the same batch) gets "duplicate", and one
 * whose guard no longer holds gets "stale"; nothing is written for either. The statement is
 * prepared once per connection: planning it afresh cost more than its writes.
 */
export async function acceptEvents(deliveries: AcceptedDelivery[]): Promise<AcceptResult[]> {
  const events = deliveries.map(({ record, run, guard }) => ({
    // Time-ordered, like every other id: new keys land at the right edge of the primary key's index.
    id: uuidv7(),
    organization_id: record.organizationId,
    instance_id: record.instanceId,
    endpoint_id: record.endpointId,
    source: record.source,
    event_type: record.eventType ?? null,
    method: record.method ?? null,
    headers: record.headers ?? {},
    query: record.query ?? null,
    body: record.body ? record.body.toString("base64") : null,
    reason: record.reason ?? null,
    dedupe_key: record.dedupeKey ?? null,
    flow_keys: record.flowKeys ?? [],
    guard_token: guard?.token ?? null,
    guard_version: guard ? run.integrationVersionId : null,
    guard_updated_ms: guard?.instanceUpdatedAt.getTime() ?? null,
  }));
  const executions = deliveries.flatMap(({ record, run, starts, trigger }, i) =>
    starts.map((start) => ({
      id: uuidv7(),
      event_id: events[i].id,
      organization_id: record.organizationId,
      customer_id: run.customerId,
      instance_id: record.instanceId,
      integration_version_id: run.integrationVersionId,
      flow_key: start.flowKey,
      trigger: trigger ?? "webhook",
      // No checkpoint input yet: until the first state commits, it is the input itself
      // (server/modules/executions/sealed-checkpoint.ts).
      input: start.input ?? {},
      start_at: start.startAt,
      delay_ms: start.firstRunAfterMs ?? 0,
    })),
  );
  const delayed = executions.filter((x) => x.delay_ms > 0);
  const rows = await preparedQuery<{ id: string; outcome: "accepted" | "stale" }>("accept_events", ACCEPT_EVENTS_SQL, [
    JSON.stringify(events),
    JSON.stringify(executions),
    RUN_EXECUTION_TASK,
    DELIVER_TO_WAITERS_TASK,
    delayed.map((x) => x.id),
    delayed.map((x) => x.delay_ms / 1000),
  ]);
  const outcomes = new Map(rows.map((row) => [row.id, row.outcome]));
  const executionIds = new Map<string, string[]>();
  for (const x of executions) executionIds.set(x.event_id, [...(executionIds.get(x.event_id) ?? []), x.id]);
  return events.map((event) => {
    const outcome = outcomes.get(event.id);
    if (outcome === "stale") return "stale";
    if (outcome !== "accepted") return "duplicate";
    return { eventId: event.id, executionIds: executionIds.get(event.id) ?? [] };
  });
}

/** Only when someone waits: most events have no waiter and should not cost a job. */
async function enqueueWaiterDelivery(tx: Tx, organizationId: string, instanceId: string, eventId: string) {
  const payload = JSON.stringify({ organizationId, instanceId, eventId });
  await tx.$executeRaw`SELECT graphile_worker.add_job(${DELIVER_TO_WAITERS_TASK}, ${payload}::json, max_attempts := 5)
    WHERE EXISTS (SELECT 1 FROM execution WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid
                    AND status = 'waiting' AND wait_for->>'kind' = 'event')`;
}

/**
 * The event that holds a dedupe key in the endpoint's scope (the one a repeat duplicates), read
 * through the claim index: the same expression and predicate as event_dedupe_claim_key.
 */
export async function findClaimingEvent(instanceId: string, endpointId: string | null, dedupeKey: string) {
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT id FROM event
     WHERE instance_id = ${instanceId}::uuid AND verdict IN ('accepted', 'buffered') AND dedupe_key = ${dedupeKey}
       AND COALESCE(endpoint_id, '00000000-0000-0000-0000-000000000000'::uuid) = COALESCE(${endpointId}::uuid, '00000000-0000-0000-0000-000000000000'::uuid)
     LIMIT 1`;
  return rows[0]?.id ?? null;
}

export function findEvent(organizationId: string, id: string) {
  return db().event.findFirst({ where: { organizationId, id } });
}

export function listEvents(organizationId: string, filter: { instanceId?: string; verdict?: EventVerdict; take?: number } = {}) {
  return db().event.findMany({
    where: { organizationId, instanceId: filter.instanceId, verdict: filter.verdict },
    orderBy: { receivedAt: "desc" },
    take: filter.take ?? 100,
  });
}

export function listBufferedEvents(organizationId: string, instanceId: string, take: number) {
  return db().event.findMany({ where: { organizationId, instanceId, verdict: "buffered" }, orderBy: { receivedAt: "asc" }, take });
}

/**
 * Turns a buffered event into an accepted one and starts its executions in one transaction; the
 * guard on the verdict makes two concurrent resumes release each event once.
 */
export async function releaseBufferedEvent<T>(organizationId: string, eventId: string, instanceId: string, onReleased: (tx: Tx) => Promise<T>): Promise<T | null> {
  return db().$transaction(async (tx) => {
    const changed = await tx.$executeRaw`UPDATE event SET verdict = 'accepted', reason = 'held while the instance was paused; released on resume'
      WHERE id = ${eventId}::uuid AND organization_id = ${organizationId}::uuid AND verdict = 'buffered'`;
    if (changed === 0) return null;
    const result = await onReleased(tx);
    await enqueueWaiterDelivery(tx, organizationId, instanceId, eventId);
    return result;
  }, TX_OPTIONS);
}

const eventDetail = {
  id: true,
  endpointId: true,
  source: true,
  eventType: true,
  method: true,
  headers: true,
  query: true,
  body: true,
  verdict: true,
  reason: true,
  dedupeKey: true,
  receivedAt: true,
  endpoint: { select: { flowKey: true } },
} as const;

/** Deliveries of an instance that started nothing (rejected, filtered, duplicate), newest first, by endpoint when given. */
export function listUnacceptedEventsPage(
  organizationId: string,
  instanceId: string,
  filter: { endpointId?: string; verdicts: EventVerdict[]; before?: { at: Date; id: string }; take: number },
) {
  const before = filter.before;
  return db().event.findMany({
    where: {
      organizationId,
      instanceId,
      verdict: { in: filter.verdicts },
      ...(filter.endpointId ? { endpointId: filter.endpointId } : {}),
      ...(before ? { OR: [{ receivedAt: { lt: before.at } }, { receivedAt: before.at, id: { lt: before.id } }] } : {}),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: filter.take,
    select: eventDetail,
  });
}

/** The event that started an execution (none for manual, schedule and lifecycle runs). */
export async function findTriggeringEvent(organizationId: string, executionId: string) {
  const execution = await db().execution.findFirst({ where: { organizationId, id: executionId }, select: { id: true, eventId: true } });
  if (!execution) return undefined;
  if (!execution.eventId) return null;
  return db().event.findFirst({ where: { organizationId, id: execution.eventId }, select: eventDetail });
}
