/**
 * The simulated org's outbound message queue. A record created or changed through the API or the
 * sandbox pages queues one notification per outbound message definition of its object; half a
 * second after the call (COLLECT_MS, so one call saving several records makes one batch), the
 * queue sends every due notification of a definition together (at most 100 in one `notifications`
 * envelope, as Salesforce batches them) and marks them delivered only when the
 * answer is `notificationsResponse` with `<Ack>true</Ack>`. Otherwise each is tried again with
 * growing delays — Salesforce waits from 15 seconds up to an hour between attempts for 24 hours;
 * the sandbox's schedule is shortened to SCHEDULE_SECONDS and gives up after GIVE_UP_AFTER_MS —
 * and the deliveries page shows every attempt and what is still queued.
 *
 * "Lose the next Ack" (`loseNextAcks`) treats a receiver's Ack as lost on the way back: the
 * receiver recorded the message, Salesforce did not hear so, and sends it again.
 */
import { randomBytes } from "node:crypto";
import { logger } from "@/server/logger";
import { sandboxNow } from "@/server/sandbox/clock";
import { sandboxBaseUrl } from "@/server/sandbox/config";
import { sendAndRecord, trackSandboxWork } from "@/server/sandbox/deliveries/deliver";
import { buildOutboundMessage, isAcknowledgement, MAX_NOTIFICATIONS } from "@/server/verify/salesforce-outbound";
import { KEY_PREFIX, newSalesforceId } from "./salesforce-ids";
import * as repo from "./salesforce.repo";

/** Seconds before each retry: attempt 1 failed → 2 s, … then every 60 s. */
export const SCHEDULE_SECONDS = [2, 4, 8, 16, 32, 60] as const;
/** Salesforce keeps trying for 24 hours; the sandbox for 30 minutes. */
export const GIVE_UP_AFTER_MS = 30 * 60 * 1000;
export const API_VERSION = "60.0";
/** Changes made together (one API call saving several records) go out in one envelope, as Salesforce batches them. */
export const COLLECT_MS = 500;

export function retryDelaySeconds(attemptsSoFar: number): number {
  return SCHEDULE_SECONDS[Math.min(attemptsSoFar - 1, SCHEDULE_SECONDS.length - 1)] ?? SCHEDULE_SECONDS[0];
}

let timer: { at: number; handle: NodeJS.Timeout } | undefined;
let running: Promise<number> = Promise.resolve(0);
let held = false;

/**
 * Stops (or restarts) the queue's own timer, for tests that move the sandbox clock and run each
 * pass themselves with deliverDueOutboundMessages: a timer set in real time would otherwise run
 * passes whenever the machine gets to them.
 */
export function holdOutboundQueue(hold: boolean): void {
  held = hold;
  if (hold && timer) {
    clearTimeout(timer.handle);
    timer = undefined;
  }
}

/** Makes sure a pass runs at `at` (real time; the pass itself judges what is due by the sandbox clock). */
export function scheduleOutboundDelivery(at: Date = new Date()): void {
  if (held) return;
  const when = Math.max(Date.now(), at.getTime());
  if (timer && timer.at <= when) return;
  if (timer) clearTimeout(timer.handle);
  const handle = setTimeout(() => {
    timer = undefined;
    void deliverDueOutboundMessages().catch((error: unknown) => logger().error({ err: (error as Error).message }, "sandbox: outbound message pass failed"));
  }, when - Date.now());
  handle.unref?.();
  timer = { at: when, handle };
}

/** After a restart: the queue lives in Postgres, the timer does not. */
export async function resumeOutboundQueue(): Promise<void> {
  const next = await repo.nextDueAt();
  if (next) scheduleOutboundDelivery(next);
}

/** Queues a notification for each definition covering the record's object, with the fields each selected. */
export async function queueNotifications(record: repo.RecordRow): Promise<number> {
  const messages = await repo.listOutboundMessages(record.orgId, record.sobject);
  if (messages.length === 0) return 0;
  const now = sandboxNow();
  const all: repo.FieldValues = {
    ...record.fields,
    Id: record.id,
    CreatedById: record.createdById,
    LastModifiedById: record.lastModifiedById,
    CreatedDate: record.createdAt.toISOString(),
    LastModifiedDate: record.updatedAt.toISOString(),
    SystemModstamp: record.updatedAt.toISOString(),
  };
  await repo.insertNotifications(
    messages.map((message) => ({
      id: newSalesforceId(KEY_PREFIX.OutboundNotification),
      orgId: record.orgId,
      messageId: message.id,
      recordId: record.id,
      sobject: record.sobject,
      fields: Object.fromEntries(message.fields.map((field) => [field, all[field] ?? null])),
      nextAttemptAt: now,
    })),
  );
  scheduleOutboundDelivery(new Date(Date.now() + COLLECT_MS));
  return messages.length;
}

const asText = (value: repo.FieldValues[string]): string | null => (value === null || value === undefined ? null : String(value));

async function deliverBatch(batch: Awaited<ReturnType<typeof repo.dueNotifications>>[number]): Promise<void> {
  const message = batch[0]!.message;
  const soapBase = `${sandboxBaseUrl("salesforce")}/services/Soap`;
  const envelope = buildOutboundMessage({
    organizationId: message.orgId,
    actionId: message.id,
    sessionId: message.includeSessionId ? `${message.orgId.slice(0, 15)}!AQ${randomBytes(24).toString("base64url")}` : null,
    enterpriseUrl: `${soapBase}/c/${API_VERSION}/${message.orgId.slice(0, 15)}`,
    partnerUrl: `${soapBase}/u/${API_VERSION}/${message.orgId.slice(0, 15)}`,
    notifications: batch.map((row) => ({
      id: row.id,
      sObject: { type: row.sobject, fields: Object.fromEntries(Object.entries(row.fields as repo.FieldValues).map(([name, value]) => [name, asText(value)])) },
    })),
  });
  const outcome = await sendAndRecord({
    provider: "salesforce",
    event: `outbound message ${message.name} (${batch.length} notification${batch.length === 1 ? "" : "s"})`,
    target: `salesforce-outbound:${message.id}`,
    url: message.endpointUrl,
    headers: { "content-type": "text/xml; charset=utf-8", soapaction: '""', "user-agent": "Salesforce Outbound Message (sandbox)" },
    body: Buffer.from(envelope),
  });
  const now = sandboxNow();
  const acknowledged = outcome.status === 200 && outcome.responseBody !== null && isAcknowledgement(outcome.responseBody);
  if (acknowledged && !(await repo.takeLostAck(message.orgId))) {
    await repo.markDelivered(
      batch.map((row) => row.id),
      now,
    );
    return;
  }
  const result = acknowledged
    ? "Ack lost on the way back (simulated): Salesforce sends the message again"
    : outcome.error
      ? `not delivered: ${outcome.error}`
      : `HTTP ${outcome.status}: the answer is not notificationsResponse with Ack true`;
  for (const row of batch) {
    const attempts = row.attempts + 1;
    const expired = now.getTime() - row.createdAt.getTime() >= GIVE_UP_AFTER_MS;
    await repo.markAttemptFailed(row.id, { attempts, at: now, result, next: expired ? null : new Date(now.getTime() + retryDelaySeconds(attempts) * 1000) });
  }
}

async function onePass(): Promise<number> {
  const batches = await repo.dueNotifications(sandboxNow(), MAX_NOTIFICATIONS);
  for (const batch of batches) await deliverBatch(batch);
  const next = await repo.nextDueAt();
  if (next) scheduleOutboundDelivery(next);
  return batches.length;
}

/**
 * Sends what is due now (by the sandbox clock), one envelope per definition; passes never overlap,
 * so a notification is never in two envelopes at once. Answers how many envelopes were sent.
 */
export function deliverDueOutboundMessages(): Promise<number> {
  running = running.then(onePass, onePass);
  return trackSandboxWork(running);
}
