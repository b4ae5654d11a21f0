import { db } from "@/server/db/client";
import type { MemberRole } from "@/server/db/generated/enums";

export function countUsers(): Promise<number> {
  return db().user.count();
}

export function findUserByEmail(email: string) {
  return db().user.findUnique({ where: { email } });
}

/** The user's membership; console sessions resolve their organization and role through it on every request. */
export function findMembership(userId: string) {
  return db().membership.findFirst({
    where: { userId },
    orderBy: { createdAt: "asc" },
    include: { organization: true, user: { select: { id: true, email: true, name: true } } },
  });
}

const SETUP_LOCK = 4_242_001;

/**
 * Creates the first organization and its owner. Runs under an advisory lock and re-checks that no
 * user exists, so two set-up forms submitted at once cannot both win.
 */
export async function createOwnerIfNone(input: {
  organizationName: string;
  slug: string;
  email: string;
  name: string;
  passwordHash: string;
  role: MemberRole;
}) {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SETUP_LOCK})`;
    if ((await tx.user.count()) > 0) return null;
    const organization = await tx.organization.create({ data: { name: input.organizationName, slug: input.slug } });
    const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash: input.passwordHash } });
    await tx.membership.create({ data: { organizationId: organization.id, userId: user.id, role: input.role } });
    return { organization, user };
  });
}
