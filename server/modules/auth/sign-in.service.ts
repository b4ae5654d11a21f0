import { AppError } from "@/server/errors";
import { oldestFailureSince, recentFailures, recordLoginAttempt } from "./login-attempts.repo";
import { decoyHash, verifyPassword } from "./password";
import { findUserByEmail } from "./users.repo";
import { countOf } from "@/server/text/plural";

export interface LoginLimits {
  maxFailuresPerAccount: number;
  maxFailuresPerAddress: number;
  windowMinutes: number;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks an email and password. Failures are counted per account and per address over a sliding
 * window; past either limit the attempt is refused before the password is even checked.
 */
export async function authenticate(input: { email: string; password: string; ip: string }, limits: LoginLimits) {
  const email = normaliseEmail(input.email);
  const since = new Date(Date.now() - limits.windowMinutes * 60_000);
  const failures = await recentFailures(email, input.ip, since);
  const overAccount = failures.account >= limits.maxFailuresPerAccount;
  if (overAccount || failures.address >= limits.maxFailuresPerAddress) {
    const oldest = await oldestFailureSince(overAccount ? { email } : { ip: input.ip }, since);
    const retryAfterSeconds = oldest
      ? Math.max(1, Math.ceil((oldest.createdAt.getTime() + limits.windowMinutes * 60_000 - Date.now()) / 1000))
      : limits.windowMinutes * 60;
    throw new AppError(
      "TOO_MANY_REQUESTS",
      `Too many failed sign-ins ${overAccount ? "for this account" : "from this address"}. Try again in ${countOf(Math.ceil(retryAfterSeconds / 60), "minute")}.`,
      { retryAfterSeconds },
    );
  }

  const user = await findUserByEmail(email);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await decoyHash, input.password).then(() => false);
  await recordLoginAttempt({ email, ip: input.ip, succeeded: ok });
  if (!user || !ok) throw new AppError("UNAUTHORIZED", "Wrong email or password.");
  return { id: user.id, email: user.email, name: user.name };
}
