/**
 * Members of an organization. Changes that could leave it without an owner lock the organization's
 * memberships first, so two concurrent demotions cannot both pass the last-owner check.
 */
import { db, type Prisma } from "@/server/db/client";
import type { MemberRole } from "@/server/db/generated/enums";

const memberSelect = { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } } as const;

export function listOrganizationMembers(organizationId: string) {
  return db().membership.findMany({ where: { organizationId }, orderBy: { createdAt: "asc" }, select: memberSelect });
}

/** Null when the email already belongs to someone (a user belongs to one organization here). */
export async function insertMember(organizationId: string, data: { email: string; name: string; passwordHash: string; role: MemberRole }) {
  return db().$transaction(async (tx) => {
    if (await tx.user.findUnique({ where: { email: data.email }, select: { id: true } })) return null;
    const user = await tx.user.create({ data: { email: data.email, name: data.name, passwordHash: data.passwordHash } });
    return tx.membership.create({ data: { organizationId, userId: user.id, role: data.role }, select: memberSelect });
  });
}

async function lockOwners(tx: Prisma.TransactionClient, organizationId: string) {
  const rows = await tx.$queryRaw<{ id: string; role: MemberRole; user_id: string }[]>`
    SELECT id, role, user_id FROM membership WHERE organization_id = ${organizationId}::uuid FOR UPDATE`;
  return rows;
}

export type MemberChange = { ok: true } | { ok: false; reason: "not-found" | "last-owner" };

export async function changeMemberRole(organizationId: string, membershipId: string, role: MemberRole): Promise<MemberChange> {
  return db().$transaction(async (tx) => {
    const members = await lockOwners(tx, organizationId);
    const member = members.find((m) => m.id === membershipId);
    if (!member) return { ok: false, reason: "not-found" };
    if (member.role === "owner" && role !== "owner" && members.filter((m) => m.role === "owner").length === 1) return { ok: false, reason: "last-owner" };
    await tx.membership.update({ where: { id: membershipId }, data: { role } });
    return { ok: true };
  });
}

/** Removes the membership, and the user with it when they belong nowhere else (so the email can be invited again). */
export async function deleteMember(organizationId: string, membershipId: string): Promise<MemberChange> {
  return db().$transaction(async (tx) => {
    const members = await lockOwners(tx, organizationId);
    const member = members.find((m) => m.id === membershipId);
    if (!member) return { ok: false, reason: "not-found" };
    if (member.role === "owner" && members.filter((m) => m.role === "owner").length === 1) return { ok: false, reason: "last-owner" };
    await tx.membership.delete({ where: { id: membershipId } });
    if ((await tx.membership.count({ where: { userId: member.user_id } })) === 0) await tx.user.delete({ where: { id: member.user_id } });
    return { ok: true };
  });
}
