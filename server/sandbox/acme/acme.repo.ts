import { db } from "@/server/db/client";

export interface AcmeAccountFields {
  name: string;
  industry: string | null;
  phone: string | null;
  website: string | null;
  externalId: string | null;
}

export interface AcmeOpportunityFields {
  name: string;
  stage: string;
  amount: number | null;
  closeDate: string | null;
  accountId: string | null;
  externalId: string | null;
}

export function insertAccount(workspace: string, id: string, fields: AcmeAccountFields, at: Date) {
  return db().sandboxAcmeAccount.create({ data: { id, workspace, ...fields, createdAt: at, updatedAt: at } });
}

export function updateAccount(id: string, fields: Partial<AcmeAccountFields>, at: Date) {
  return db().sandboxAcmeAccount.update({ where: { id }, data: { ...fields, updatedAt: at } });
}

export function findAccount(workspace: string, id: string) {
  return db().sandboxAcmeAccount.findFirst({ where: { workspace, id } });
}

export function listAccounts(workspace: string, filter: { externalId?: string; take: number; after?: string }) {
  return db().sandboxAcmeAccount.findMany({
    where: { workspace, ...(filter.externalId !== undefined ? { externalId: filter.externalId } : {}), ...(filter.after ? { id: { gt: filter.after } } : {}) },
    orderBy: { id: "asc" },
    take: filter.take,
  });
}

export function insertOpportunity(workspace: string, id: string, fields: AcmeOpportunityFields, at: Date) {
  return db().sandboxAcmeOpportunity.create({ data: { id, workspace, ...fields, createdAt: at, updatedAt: at } });
}

export function updateOpportunity(id: string, fields: Partial<AcmeOpportunityFields>, at: Date) {
  return db().sandboxAcmeOpportunity.update({ where: { id }, data: { ...fields, updatedAt: at } });
}

export function findOpportunity(workspace: string, id: string) {
  return db().sandboxAcmeOpportunity.findFirst({ where: { workspace, id } });
}

export function listOpportunities(workspace: string, filter: { externalId?: string; take: number; after?: string }) {
  return db().sandboxAcmeOpportunity.findMany({
    where: { workspace, ...(filter.externalId !== undefined ? { externalId: filter.externalId } : {}), ...(filter.after ? { id: { gt: filter.after } } : {}) },
    orderBy: { id: "asc" },
    take: filter.take,
  });
}

export function insertWidget(workspace: string, data: { id: string; projectId: string; name: string; color: string | null; idempotencyKey: string | null }) {
  return db().sandboxAcmeWidget.create({ data: { workspace, ...data } });
}

export function findWidget(workspace: string, id: string) {
  return db().sandboxAcmeWidget.findFirst({ where: { workspace, id } });
}

export function findWidgetByIdempotencyKey(workspace: string, key: string) {
  return db().sandboxAcmeWidget.findFirst({ where: { workspace, idempotencyKey: key } });
}

export function insertWebhook(workspace: string, data: { id: string; url: string; secret: string; events: string[] }) {
  return db().sandboxAcmeWebhook.create({ data: { workspace, ...data } });
}

export function listWebhooks(workspace: string) {
  return db().sandboxAcmeWebhook.findMany({ where: { workspace }, orderBy: { createdAt: "asc" } });
}

export async function deleteWebhook(workspace: string, id: string): Promise<boolean> {
  return (await db().sandboxAcmeWebhook.deleteMany({ where: { workspace, id } })).count === 1;
}
