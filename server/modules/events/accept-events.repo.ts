/**
 * The one way events start flows: `acceptEvents` records the events (claiming their dedupe keys),
 * their executions and the executions' first jobs in one statement. Webhook deliveries (group
 * committed), schedule ticks, polls, events flows emit, held deliveries released and manual starts
 * all go through it; what differs between them is what they pass (server/triggers/kinds).
 */
import { db, preparedQuery } from "@/server/db/client";
import { jsonbText } from "@/server/db/jsonb";
import { uuidv7 } from "@/server/db/uuid";
import type { ExecutionConcurrency } from "@/server/modules/executions/concurrency";
import { JOBS } from "@/server/jobs/job-catalog";
import { firstRunsSql } from "@/server/modules/executions/queue.repo";
import { TX_OPTIONS, type EventRecord, type Tx } from "./events.repo";

export interface AcceptedStart {
  flowKey: string;
  input: unknown;
  /** The flow's StartAt in the pinned version. */
  startAt: string;
  /** The first run's job is due this much later (a synchronous flow the web process runs inline). */
  firstRunAfterMs?: number;
  /** The queue of a throttled or fifo flow (executions/concurrency.ts); none for a parallel one. */
  concurrency?: ExecutionConcurrency | null;
  /** This execution's own fair priority, when its starts are counted one by one; else the delivery's. */
  priority?: number;
}

export interface AcceptedDelivery {
  record: EventRecord;
  /**
   * What is written for the event: by default a new one (verdict accepted) claiming its dedupe key;
   * `{ release }` turns that held (`buffered`) event into an accepted one with `reason`; "none"
   * starts the executions without an event (a manual start: `record` then only names the instance).
   */
  event?: "new" | "none" | { release: string; reason: string };
  run: { customerId: string; integrationVersionId: string };
  starts: AcceptedStart[];
  trigger?: string;
  /** graphile-worker priority of the executions' first jobs (lower runs first; 0 when not given). */
  priority?: number;
  /** False when the event is nothing an execution parked on WaitForEvent waits for (a clock tick, a poll). Default true. */
  deliverToWaiters?: boolean;
  /**
   * Written only while the endpoint still has this token and its instance is still active on
   * `run.integrationVersionId` with this `updated_at` (the configuration the delivery was verified
   * and routed with); otherwise the delivery is "stale" and nothing is written for it.
   */
  guard?: { token: string; instanceUpdatedAt: Date };
  /** The delivery's trace (W3C traceparent) when tracing is on: its executions' runs continue it. */
  traceContext?: string | null;
}

/**
 * Accepted (with what was written; `eventId` null for a start without an event), a repeat of a
 * dedupe key another event holds (or, for a release, an event no longer held), or stale (see `guard`).
 */
export type AcceptResult = { eventId: string | null; executionIds: string[] } | "duplicate" | "stale";

/**
 * $1 events, $2 executions (JSON arrays, see acceptEvents), $3 and $4 the names of the run and waiter-delivery jobs,
 * $5, $6 and $7 the executions whose first run is delayed or not at priority 0: by how many seconds, at what priority.
 * Each event's `kind` is `new` (inserted, claiming its key), `release` (a held event made accepted)
 * or `none` (no event: its id only ties its executions to it, and they get no event_id). Releasing
 * is rare and done one event at a time, so its part is only in the statement that releases
 * (`withRelease`): the deliveries' statement stays as lean as it was.
 */
const acceptEventsSql = (withRelease: boolean) => `
    WITH input AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb) AS e(id uuid, kind text, organization_id uuid, instance_id uuid, endpoint_id uuid, source text,
             event_type text, method text, headers jsonb, query jsonb, body text, reason text, dedupe_key text, flow_keys jsonb, to_waiters boolean,
             guard_token text, guard_version uuid, guard_updated_ms bigint)
    ), valid AS (
      SELECT e.* FROM input e
       WHERE e.guard_token IS NULL
          OR EXISTS (SELECT 1 FROM endpoint en JOIN instance i ON i.id = en.instance_id
                      WHERE en.id = e.endpoint_id AND en.token = e.guard_token AND i.status = 'active'
                        AND i.integration_version_id = e.guard_version
                        AND (extract(epoch FROM i.updated_at) * 1000)::bigint = e.guard_updated_ms)
    ), inserted AS (
      INSERT INTO event (id, organization_id, instance_id, endpoint_id, source, event_type, method, headers, query, body, verdict, reason, dedupe_key, flow_keys)
      SELECT e.id, e.organization_id, e.instance_id, e.endpoint_id, e.source, e.event_type, e.method, e.headers, e.query, decode(e.body, 'base64'),
             'accepted'::"EventVerdict", e.reason, e.dedupe_key, ARRAY(SELECT jsonb_array_elements_text(e.flow_keys))
        FROM valid e WHERE e.kind = 'new'
      ON CONFLICT DO NOTHING
      RETURNING id
    ), ${
      withRelease
        ? `released AS (
      UPDATE event v SET verdict = 'accepted', reason = e.reason
        FROM valid e
       WHERE e.kind = 'release' AND v.id = e.id AND v.organization_id = e.organization_id AND v.verdict = 'buffered'
      RETURNING v.id
    ), `
        : ""
    }ev AS (
      SELECT e.id, CASE WHEN e.kind = 'none' THEN NULL ELSE e.id END AS event_id, e.organization_id, e.instance_id, e.to_waiters FROM valid e
       WHERE e.kind = 'none' OR e.id IN (SELECT id FROM inserted)${withRelease ? " OR e.id IN (SELECT id FROM released)" : ""}
    ), ex AS (
      INSERT INTO execution (id, organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, input, current_state, state_visits, event_id,
                             concurrency_key, concurrency_limit, trace_context, updated_at)
      SELECT x.id, x.organization_id, x.customer_id, x.instance_id, x.integration_version_id, x.flow_key, x.trigger,
             x.input, x.start_at, jsonb_build_object(x.start_at, 1), ev.event_id, x.concurrency_key, x.concurrency_limit, x.trace_context, now()
        FROM jsonb_to_recordset($2::jsonb) AS x(id uuid, event_id uuid, organization_id uuid, customer_id uuid, instance_id uuid,
             integration_version_id uuid, flow_key text, trigger text, input jsonb, start_at text, concurrency_key text, concurrency_limit int, trace_context text)
        JOIN ev ON ev.id = x.event_id
      RETURNING id, concurrency_key
    ), ${firstRunsSql("ex", "$3::text", { ids: "$5::uuid[]", seconds: "$6::float8[]", priorities: "$7::int[]" })}, waiters AS (
      -- Rare (only while an execution of the instance waits for an event), and found through the
      -- partial index execution_waiting_for_event_idx, not by reading the instance's executions.
      SELECT graphile_worker.add_job($4::text, json_build_object('organizationId', w.organization_id, 'instanceId', w.instance_id, 'eventId', w.event_id),
                                     max_attempts := ${JOBS.deliverToWaiters.maxAttempts})
        FROM ev w
       WHERE w.event_id IS NOT NULL AND w.to_waiters
         AND EXISTS (SELECT 1 FROM execution x WHERE x.organization_id = w.organization_id AND x.instance_id = w.instance_id
                        AND x.status = 'waiting' AND x.wait_for->>'kind' = 'event')
    )
    SELECT id, 'accepted' AS outcome FROM ev
     WHERE (SELECT count(*) FROM first_runs_woken) >= 0 AND (SELECT count(*) FROM waiters) >= 0
    UNION ALL
    SELECT e.id, 'stale' AS outcome FROM input e WHERE NOT EXISTS (SELECT 1 FROM valid v WHERE v.id = e.id)`;

const ACCEPT_EVENTS_SQL = acceptEventsSql(false);
const RELEASE_EVENTS_SQL = acceptEventsSql(true);

function eventKind(delivery: AcceptedDelivery): { kind: "new" | "release" | "none"; id: string; reason: string | null } {
  const { event, record } = delivery;
  if (event === "none") return { kind: "none", id: uuidv7(), reason: null };
  if (typeof event === "object") return { kind: "release", id: event.release, reason: event.reason };
  // Time-ordered, like every other id: new keys land at the right edge of the primary key's index.
  return { kind: "new", id: uuidv7(), reason: record.reason ?? null };
}

/**
 * Accepted deliveries, any number of them, in one statement (one round trip, one commit): each
 * claims its event's dedupe key, inserts its executions on the instance's pinned version and
 * queues each one's first run, plus the waiter-delivery job when executions of its instance wait
 * for an event, without holding a pooled connection across a round trip per row. The statement is
 * atomic: once it returns, every delivery's event, executions and jobs are committed. A delivery
 * whose dedupe key another event holds (an earlier one, or another in the same batch) gets
 * "duplicate", and one whose guard no longer holds gets "stale"; nothing is written for either.
 * The statement is prepared once per connection: planning it afresh cost more than its writes.
 * With `tx`, it runs in that transaction instead (a poll commits its items with its cursor).
 */
export async function acceptEvents(deliveries: AcceptedDelivery[], options: { tx?: Tx } = {}): Promise<AcceptResult[]> {
  const events = deliveries.map((delivery) => {
    const { record, run, guard } = delivery;
    const { kind, id, reason } = eventKind(delivery);
    return {
      id,
      kind,
      organization_id: record.organizationId,
      instance_id: record.instanceId,
      endpoint_id: record.endpointId,
      source: record.source,
      event_type: record.eventType ?? null,
      method: record.method ?? null,
      headers: record.headers ?? {},
      query: record.query ?? null,
      body: record.body ? record.body.toString("base64") : null,
      reason,
      dedupe_key: record.dedupeKey ?? null,
      flow_keys: record.flowKeys ?? [],
      to_waiters: delivery.deliverToWaiters !== false,
      guard_token: guard?.token ?? null,
      guard_version: guard ? run.integrationVersionId : null,
      guard_updated_ms: guard?.instanceUpdatedAt.getTime() ?? null,
    };
  });
  const executions = deliveries.flatMap(({ record, run, starts, trigger, priority, traceContext }, i) =>
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
      concurrency_key: start.concurrency?.key ?? null,
      concurrency_limit: start.concurrency?.limit ?? null,
      // Left out unless tracing is on: most deliveries carry no trace.
      ...(traceContext ? { trace_context: traceContext } : {}),
      delay_ms: start.firstRunAfterMs ?? 0,
      priority: start.priority ?? priority ?? 0,
    })),
  );
  const overridden = executions.filter((x) => x.delay_ms > 0 || x.priority !== 0);
  const params = [
    // jsonb cannot hold U+0000: a NUL in an input becomes U+FFFD (server/db/jsonb.ts).
    jsonbText(events),
    jsonbText(executions),
    JOBS.runExecution.name,
    JOBS.deliverToWaiters.name,
    overridden.map((x) => x.id),
    overridden.map((x) => x.delay_ms / 1000),
    overridden.map((x) => x.priority),
  ];
  type Row = { id: string; outcome: "accepted" | "stale" };
  const releases = events.some((event) => event.kind === "release");
  const [name, sql] = releases ? ["release_events", RELEASE_EVENTS_SQL] : ["accept_events", ACCEPT_EVENTS_SQL];
  const rows = options.tx ? await options.tx.$queryRawUnsafe<Row[]>(sql, ...params) : await preparedQuery<Row>(name, sql, params);
  const outcomes = new Map(rows.map((row) => [row.id, row.outcome]));
  const executionIds = new Map<string, string[]>();
  for (const x of executions) executionIds.set(x.event_id, [...(executionIds.get(x.event_id) ?? []), x.id]);
  return events.map((event) => {
    const outcome = outcomes.get(event.id);
    if (outcome === "stale") return "stale";
    if (outcome !== "accepted") return "duplicate";
    return { eventId: event.kind === "none" ? null : event.id, executionIds: executionIds.get(event.id) ?? [] };
  });
}

/**
 * One delivery through the same statement, in a transaction that also writes what belongs to its
 * event (a body file kept as a blob the event owns); nothing is written when it is not accepted.
 */
export async function acceptEventWith(delivery: AcceptedDelivery, alongside: (tx: Tx, eventId: string) => Promise<void>): Promise<AcceptResult> {
  return db().$transaction(async (tx) => {
    const [result] = await acceptEvents([delivery], { tx });
    if (typeof result !== "string" && result.eventId !== null) await alongside(tx, result.eventId);
    return result;
  }, TX_OPTIONS);
}
