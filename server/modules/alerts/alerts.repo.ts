/** Alert rules, channels and SMTP settings of one organization. Every query is scoped by it. */
import { db, type Prisma } from "@/server/db/client";

export function listRules(organizationId: string) {
  return db().alertRule.findMany({
    where: { organizationId },
    orderBy: { createdAt: "asc" },
    include: { _count: { select: { incidents: { where: { status: "open" } } } } },
  });
}

export type RuleData = Omit<Prisma.AlertRuleUncheckedCreateInput, "id" | "organizationId" | "createdAt" | "updatedAt">;

export function insertRule(organizationId: string, data: RuleData) {
  return db().alertRule.create({ data: { ...data, organizationId } });
}

export async function updateRule(organizationId: string, id: string, data: Partial<RuleData>): Promise<boolean> {
  const { count } = await db().alertRule.updateMany({ where: { organizationId, id }, data });
  return count > 0;
}

export async function deleteRule(organizationId: string, id: string): Promise<boolean> {
  const { count } = await db().alertRule.deleteMany({ where: { organizationId, id } });
  return count > 0;
}

/** Names of the organization's integrations among `ids` (rules show them; unknown ids are absent). */
export async function integrationNames(organizationId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db().integration.findMany({ where: { organizationId, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}

export function listChannels(organizationId: string) {
  return db().alertChannel.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" } });
}

export function findChannels(organizationId: string, ids: string[]) {
  return db().alertChannel.findMany({ where: { organizationId, id: { in: ids } } });
}

export function findChannel(organizationId: string, id: string) {
  return db().alertChannel.findFirst({ where: { organizationId, id } });
}

export function insertChannel(organizationId: string, data: { name: string; kind: string; settings: Prisma.InputJsonValue; secretEncrypted: string | null }) {
  return db().alertChannel.create({ data: { ...data, organizationId } });
}

export async function updateChannelSecret(organizationId: string, id: string, secretEncrypted: string): Promise<boolean> {
  const { count } = await db().alertChannel.updateMany({ where: { organizationId, id }, data: { secretEncrypted } });
  return count > 0;
}

/** Deletes the channel and takes it out of the organization's rules, in one transaction. */
export async function deleteChannel(organizationId: string, id: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const { count } = await tx.alertChannel.deleteMany({ where: { organizationId, id } });
    if (count === 0) return false;
    await tx.$executeRaw`UPDATE alert_rule SET channel_ids = array_remove(channel_ids, ${id}::uuid), updated_at = now()
      WHERE organization_id = ${organizationId}::uuid AND ${id}::uuid = ANY(channel_ids)`;
    return true;
  });
}

export function findSmtpSettings(organizationId: string) {
  return db().smtpSettings.findFirst({ where: { organizationId } });
}

export function saveSmtpSettings(organizationId: string, data: Omit<Prisma.SmtpSettingsUncheckedCreateInput, "organizationId" | "updatedAt">) {
  return db().smtpSettings.upsert({ where: { organizationId }, create: { ...data, organizationId }, update: data });
}

export async function deleteSmtpSettings(organizationId: string): Promise<boolean> {
  const { count } = await db().smtpSettings.deleteMany({ where: { organizationId } });
  return count > 0;
}
