import { db } from "@/server/db/client";

export function recordLoginAttempt(attempt: { email: string; ip: string | null; succeeded: boolean; knownDevice: boolean }) {
  return db().loginAttempt.create({ data: attempt });
}

/**
 * Failures inside the window: for the account from anywhere, for the account from its known
 * devices, and from the address (none counted when the address is unknown).
 */
export async function recentFailures(email: string, ip: string | null, since: Date) {
  const failed = { succeeded: false, createdAt: { gte: since } };
  const [account, knownDevice, address] = await Promise.all([
    db().loginAttempt.count({ where: { email, ...failed } }),
    db().loginAttempt.count({ where: { email, knownDevice: true, ...failed } }),
    ip === null ? Promise.resolve(0) : db().loginAttempt.count({ where: { ip, ...failed } }),
  ]);
  return { account, knownDevice, address };
}

/** Oldest failure still inside the window, to tell the person when they may try again. */
export function oldestFailureSince(where: { email?: string; ip?: string; knownDevice?: boolean }, since: Date) {
  return db().loginAttempt.findFirst({
    where: { ...where, succeeded: false, createdAt: { gte: since } },
    orderBy: { createdAt: "asc" },
    select: { createdAt: true },
  });
}

export function pruneLoginAttempts(before: Date) {
  return db().loginAttempt.deleteMany({ where: { createdAt: { lt: before } } });
}
