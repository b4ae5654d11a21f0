import ipaddr from "ipaddr.js";
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

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address as the web server's front door established it; null when unknown. */
  ip: string | null;
  /** Whether the browser holds a device token of this user (it signed in to the account from there before). */
  isKnownDevice?: (userId: string) => boolean;
}

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * What failures are counted under: the address, or for IPv6 its /64 network (one client is usually
 * given a whole /64 and can pick any address in it). Null stays null: unknown addresses share no count.
 */
export function addressBucket(ip: string | null): string | null {
  if (ip === null || !ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.parse(ip);
  if (parsed.kind() === "ipv4") return parsed.toString();
  const v6 = parsed as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().toString();
  return `${ipaddr.IPv6.networkAddressFromCIDR(`${v6.toString()}/64`).toString()}/64`;
}

function tooMany(what: "for this account" | "from this address", oldest: { createdAt: Date } | null, limits: LoginLimits): AppError {
  const windowMs = limits.windowMinutes * 60_000;
  const retryAfterSeconds = oldest ? Math.max(1, Math.ceil((oldest.createdAt.getTime() + windowMs - Date.now()) / 1000)) : limits.windowMinutes * 60;
  return new AppError("TOO_MANY_REQUESTS", `Too many failed sign-ins ${what}. Try again in ${countOf(Math.ceil(retryAfterSeconds / 60), "minute")}.`, {
    retryAfterSeconds,
  });
}

/**
 * Checks an email and password. Failures are counted over a sliding window, per account and per
 * client address; past a limit the attempt is refused before the password is even checked.
 *
 * A browser the member signed in from before (a known device) is judged apart: a stranger's
 * failures for the account, or from a shared address, do not hold it back, so nobody can lock a
 * member out of their own browser. Its own failures have a limit of their own (a stolen laptop
 * guesses no faster than anyone else). Everyone else, new browsers included, waits out the window
 * once the account has had too many failures.
 */
export async function authenticate(input: SignInAttempt, limits: LoginLimits) {
  const email = normaliseEmail(input.email);
  const ip = addressBucket(input.ip);
  const since = new Date(Date.now() - limits.windowMinutes * 60_000);
  const user = await findUserByEmail(email);
  const knownDevice = user !== null && (input.isKnownDevice?.(user.id) ?? false);
  const failures = await recentFailures(email, ip, since);
  if (knownDevice) {
    if (failures.knownDevice >= limits.maxFailuresPerAccount)
      throw tooMany("for this account", await oldestFailureSince({ email, knownDevice: true }, since), limits);
  } else if (failures.account >= limits.maxFailuresPerAccount) {
    throw tooMany("for this account", await oldestFailureSince({ email }, since), limits);
  } else if (ip !== null && failures.address >= limits.maxFailuresPerAddress) {
    throw tooMany("from this address", await oldestFailureSince({ ip }, since), limits);
  }

  const ok = user ? await verifyPassword(user.passwordHash, input.password) : await verifyPassword(await decoyHash, input.password).then(() => false);
  await recordLoginAttempt({ email, ip, succeeded: ok, knownDevice });
  if (!user || !ok) throw new AppError("UNAUTHORIZED", "Wrong email or password.");
  return { id: user.id, email: user.email, name: user.name };
}
