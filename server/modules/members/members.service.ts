import { z } from "zod";
import type { MemberRole } from "@/server/db/generated/enums";
import { AppError } from "@/server/errors";
import { hashPassword } from "@/server/modules/auth/password";
import { normaliseEmail } from "@/server/modules/auth/sign-in.service";
import { changeMemberRole, deleteMember, insertMember, listOrganizationMembers, type MemberChange } from "./members.repo";

export const memberRoleSchema = z.enum(["owner", "admin", "support"]);

export const newMemberSchema = z.object({
  email: z.email("Enter a valid email address."),
  name: z.string().trim().min(1, "Give the member's name.").max(100),
  role: memberRoleSchema,
  password: z.string().min(12, "Use at least 12 characters for the initial password.").max(200),
});

function toMember(m: Awaited<ReturnType<typeof listOrganizationMembers>>[number]) {
  return { id: m.id, userId: m.user.id, email: m.user.email, name: m.user.name, role: m.role, createdAt: m.createdAt.toISOString() };
}

export async function membersOf(organizationId: string) {
  return (await listOrganizationMembers(organizationId)).map(toMember);
}

/** Adds a member who signs in with the initial password the owner hands over. */
export async function addMemberWithPassword(organizationId: string, input: z.infer<typeof newMemberSchema>) {
  const created = await insertMember(organizationId, {
    email: normaliseEmail(input.email),
    name: input.name,
    role: input.role,
    passwordHash: await hashPassword(input.password),
  });
  if (!created) throw new AppError("CONFLICT", `Someone with the email ${input.email} already has an account.`, { field: "email" });
  return toMember(created);
}

function explain(change: MemberChange, doing: string) {
  if (change.ok) return;
  if (change.reason === "not-found") throw new AppError("NOT_FOUND", "No member with that id in this organization.", { field: "membershipId" });
  throw new AppError("CONFLICT", `Cannot ${doing} the last owner; make someone else an owner first.`, { field: "membershipId" });
}

export async function setMemberRole(organizationId: string, membershipId: string, role: MemberRole) {
  explain(await changeMemberRole(organizationId, membershipId, role), "demote");
}

export async function removeMember(organizationId: string, membershipId: string) {
  explain(await deleteMember(organizationId, membershipId), "remove");
}
