import { randomUUID } from "node:crypto";

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, then random bits. The ids Prisma's
 * `@default(uuid(7))` makes, for rows written with SQL: time-ordered, so new rows land at the end of
 * the primary key's index. The random bits come from `randomUUID` (Node keeps a pool of entropy for
 * it, where `randomBytes` asks the system each time): its version nibble becomes 7, its variant
 * bits already are 10.
 */
export function uuidv7(now: number = Date.now()): string {
  const time = now.toString(16).padStart(12, "0");
  // randomUUID(): xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx; keep everything after the version nibble.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${randomUUID().slice(15)}`;
}
