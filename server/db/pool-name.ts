import { randomBytes } from "node:crypto";

/**
 * `application_name` of a pool's connections: the process, the pool and the pool's own id, so two
 * pools of one kind in one process would show as two.
 */
export function poolApplicationName(pool: "prisma" | "statements" | "health"): string {
  return `switchyard ${process.pid} ${pool} ${randomBytes(3).toString("hex")}`;
}
