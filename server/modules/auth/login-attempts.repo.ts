import { db } from "@/server/db/client";

export function recordLoginAttempt(attempt: { email: string; ip: string; succeeded: boolean }) {
  return db().loginAttempt.create({ data: attempt });
}

export async function recentFailures(email: string, ip: string, since: Date) {
  const [account, address] = await Promise.all([
    db().loginAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    db().loginAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }),
  ]);
  return { account, address };
}

/** Oldest failure still inside the window, to tell the person when they may try again. */
export function oldestFailureSince(where: { email?: string; ip?: string }, since: Date) {
  return db().loginAttempt.findFirst({
    where: { ...where, succeeded: false, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
}

export function pruneLoginAttempts(before: Date) {
  return db().loginAttempt.deleteMany({ where: { createdAt: { lt: before } } });
}
