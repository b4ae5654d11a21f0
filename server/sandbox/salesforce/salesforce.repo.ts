import { db, type Prisma } from "@/server/db/client";
import type { SObjectName } from "@/server/sandbox/salesforce/salesforce-objects";

export type FieldValues = Record<string, string | number | boolean | null>;

export function ensureOrg(data: { id: string; name: string }) {
  return db().sandboxSalesforceOrg.upsert({ where: { id: data.id }, create: data, update: {} });
}

export function findOrg(id: string) {
  return db().sandboxSalesforceOrg.findUnique({ where: { id } });
}

/** Sets how many of the org's next outbound message answers are treated as lost. */
export function setLoseNextAcks(orgId: string, count: number) {
  return db().sandboxSalesforceOrg.update({ where: { id: orgId }, data: { loseNextAcks: count } });
}

/** Takes one "lost answer" if the org has any left; true when this answer is to be lost. */
export async function takeLostAck(orgId: string): Promise<boolean> {
  const { count } = await db().sandboxSalesforceOrg.updateMany({ where: { id: orgId, loseNextAcks: { gt: 0 } }, data: { loseNextAcks: { decrement: 1 } } });
  return count === 1;
}

export interface RecordRow {
  id: string;
  orgId: string;
  sobject: string;
  fields: FieldValues;
  createdById: string;
  lastModifiedById: string;
  createdAt: Date;
  updatedAt: Date;
}

const asRow = (row: { fields: Prisma.JsonValue } & Omit<RecordRow, "fields">): RecordRow => ({ ...row, fields: row.fields as FieldValues });

export async function insertRecord(data: {
  id: string;
  orgId: string;
  sobject: SObjectName;
  fields: FieldValues;
  userId: string;
  at: Date;
}): Promise<RecordRow> {
  const row = await db().sandboxSalesforceRecord.create({
    data: {
      id: data.id,
      orgId: data.orgId,
      sobject: data.sobject,
      fields: data.fields,
      createdById: data.userId,
      lastModifiedById: data.userId,
      createdAt: data.at,
      updatedAt: data.at,
    },
  });
  return asRow(row);
}

export async function updateRecordFields(id: string, fields: FieldValues, userId: string, at: Date): Promise<RecordRow> {
  return asRow(await db().sandboxSalesforceRecord.update({ where: { id }, data: { fields, lastModifiedById: userId, updatedAt: at } }));
}

export async function findRecord(orgId: string, sobject: SObjectName, id: string): Promise<RecordRow | null> {
  const row = await db().sandboxSalesforceRecord.findFirst({ where: { orgId, sobject, id } });
  return row ? asRow(row) : null;
}

/** Every record of one object in the org, newest change first (the sandbox holds demo-sized data). */
export async function listRecords(orgId: string, sobject: SObjectName): Promise<RecordRow[]> {
  return (await db().sandboxSalesforceRecord.findMany({ where: { orgId, sobject }, orderBy: [{ updatedAt: "desc" }, { id: "desc" }], take: 2000 })).map(asRow);
}

export function insertOutboundMessage(data: {
  id: string;
  orgId: string;
  sobject: string;
  name: string;
  endpointUrl: string;
  fields: string[];
  includeSessionId: boolean;
  integrationUserId: string | null;
}) {
  return db().sandboxSalesforceOutboundMessage.create({ data });
}

export function findOutboundMessage(orgId: string, id: string) {
  return db().sandboxSalesforceOutboundMessage.findFirst({ where: { orgId, id } });
}

export function listOutboundMessages(orgId: string, sobject?: string) {
  return db().sandboxSalesforceOutboundMessage.findMany({ where: { orgId, ...(sobject ? { sobject } : {}) }, orderBy: { createdAt: "asc" } });
}

/** Deletes the definition and the notifications still queued for it. */
export async function deleteOutboundMessage(orgId: string, id: string): Promise<boolean> {
  return (await db().sandboxSalesforceOutboundMessage.deleteMany({ where: { orgId, id } })).count === 1;
}

export function insertNotifications(
  rows: Array<{ id: string; orgId: string; messageId: string; recordId: string; sobject: string; fields: FieldValues; nextAttemptAt: Date }>,
) {
  return db().sandboxSalesforceNotification.createMany({ data: rows });
}

/** The definitions with notifications due, and for each up to `perMessage` of them, oldest first. */
export async function dueNotifications(now: Date, perMessage: number) {
  const due = await db().sandboxSalesforceNotification.findMany({
    where: { status: "queued", nextAttemptAt: { lte: now } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: 1000,
    include: { message: true },
  });
  const byMessage = new Map<string, typeof due>();
  for (const row of due) {
    const list = byMessage.get(row.messageId) ?? [];
    if (list.length < perMessage) list.push(row);
    byMessage.set(row.messageId, list);
  }
  return [...byMessage.values()];
}

export async function nextDueAt(): Promise<Date | null> {
  const next = await db().sandboxSalesforceNotification.findFirst({
    where: { status: "queued" },
    orderBy: { nextAttemptAt: "asc" },
    select: { nextAttemptAt: true },
  });
  return next?.nextAttemptAt ?? null;
}

export function markDelivered(ids: string[], at: Date) {
  return db().sandboxSalesforceNotification.updateMany({
    where: { id: { in: ids } },
    data: { status: "delivered", deliveredAt: at, lastAttemptAt: at, lastResult: "acknowledged", attempts: { increment: 1 } },
  });
}

export function markAttemptFailed(id: string, data: { attempts: number; at: Date; result: string; next: Date | null }) {
  return db().sandboxSalesforceNotification.update({
    where: { id },
    data: { attempts: data.attempts, lastAttemptAt: data.at, lastResult: data.result, ...(data.next ? { nextAttemptAt: data.next } : { status: "expired" }) },
  });
}

/** Notifications not yet acknowledged, with their definition, for the deliveries page. */
export function listPendingNotifications(take = 200) {
  return db().sandboxSalesforceNotification.findMany({ where: { status: "queued" }, orderBy: { createdAt: "asc" }, take, include: { message: true } });
}

export function listRecentNotifications(take = 50) {
  return db().sandboxSalesforceNotification.findMany({
    where: { status: { not: "queued" } },
    orderBy: { lastAttemptAt: "desc" },
    take,
    include: { message: true },
  });
}
