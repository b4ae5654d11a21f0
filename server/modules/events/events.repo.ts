/**
 * Events: every delivery the ingest received (whatever its verdict), schedule ticks, polled items
 * and events flows emitted. An accepted or buffered event claims its dedupe key through a partial
 * unique index (see migration 20261123140000_triggers); claiming and starting its executions are
 * one statement (accept-events.repo.ts), so an event is never acknowledged without its
 * executions, nor twice.
 */
import { db, type Prisma } from "@/server/db/client";
import type { EventVerdict } from "@/server/db/generated/enums";
import { uuidv7 } from "@/server/db/uuid";

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
export const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

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

/** Why an instance holds deliveries instead of running them: paused with buffering on, or still deploying. */
export type HoldReason = "paused" | "deploying";

/**
 * Records a delivery as held (`buffered`, claiming its dedupe key) while its instance still holds
 * deliveries for that reason: the instance row is read FOR SHARE in the same transaction, so a
 * resume or a finished deploy (which update that row, then release what is held) cannot slip in
 * between the check and the insert and leave the event held for good. "changed" when the
 * instance moved on meanwhile (nothing written); null when the key is already claimed.
 */
export async function holdEvent(
  record: EventRecord,
  hold: HoldReason,
  onHeld: (tx: Tx, eventId: string) => Promise<void> = async () => undefined,
): Promise<{ eventId: string } | "changed" | null> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ status: string; buffer_while_paused: boolean }[]>`
      SELECT status, buffer_while_paused FROM instance WHERE id = ${record.instanceId}::uuid AND organization_id = ${record.organizationId}::uuid FOR SHARE`;
    const instance = rows[0];
    const holds = hold === "deploying" ? instance?.status === "deploying" : instance?.status === "paused" && instance.buffer_while_paused;
    if (!holds) return "changed" as const;
    const eventId = await insertEvent(tx, record, "buffered");
    if (eventId === null) return null;
    await onHeld(tx, eventId);
    return { eventId };
  }, TX_OPTIONS);
}

/**
 * Held deliveries of an instance that will never run (its deploy failed, or it is being deleted):
 * recorded as `dropped` with the reason, which also frees their dedupe keys. In the caller's
 * transaction, beside the status change that decides it.
 */
export function dropHeldEvents(tx: Tx, organizationId: string, instanceId: string, reason: string): Promise<number> {
  return tx.$executeRaw`UPDATE event SET verdict = 'dropped', reason = ${reason}
    WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid AND verdict = 'buffered'`;
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

export function listBufferedEvents(organizationId: string, instanceId: string, take: number) {
  return db().event.findMany({ where: { organizationId, instanceId, verdict: "buffered" }, orderBy: { receivedAt: "asc" }, take });
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
