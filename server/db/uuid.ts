import { randomUUID } from "node:crypto";
import { processSingleton } from "@/server/process-singleton";

/**
 * The last millisecond this process made an id for, and the counter within it: the process's, so
 * ids stay increasing across every copy of this module the process runs (server/process-singleton.ts).
 */
const last = processSingleton("db.uuidv7", () => ({ ms: -1, sequence: 0 }));

/**
 * A version 7 UUID (RFC 9562): 48 bits of Unix milliseconds, a 12-bit counter, then random bits.
 * The ids Prisma's `@default(uuid(7))` makes, for rows written with SQL: time-ordered, so new rows
 * land at the end of the primary key's index. Within one process they are also strictly increasing
 * (the counter is RFC 9562's "fixed bit-length dedicated counter", method 1): events accepted in one
 * millisecond keep their arrival order, which a fifo flow's queue follows (executions/concurrency.ts).
 * A counter that runs out within a millisecond borrows the next one. The random bits come from
 * `randomUUID` (Node keeps a pool of entropy for it, where `randomBytes` asks the system each
 * time): its variant bits already are 10.
 */
export function uuidv7(now: number = Date.now()): string {
  let ms = now;
  if (ms <= last.ms) {
    ms = last.ms;
    last.sequence++;
    if (last.sequence > 0xfff) {
      ms = last.ms + 1;
      last.sequence = 0;
    }
  } else {
    last.sequence = 0;
  }
  last.ms = ms;
  const time = ms.toString(16).padStart(12, "0");
  // randomUUID(): xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx; keep what follows the version nibble and rand_a.
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${last.sequence.toString(16).padStart(3, "0")}${randomUUID().slice(18)}`;
}
