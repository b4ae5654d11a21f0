/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, out of
 * connections, pool exhausted): a condition to wait out, not a fault. The ingest answers such
 * deliveries 503 so the provider retries later (nothing was committed, so nothing was
 * acknowledged); the worker logs it and carries on (server/worker/start-worker.ts).
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
// Postgres: connection exceptions (08…), shutdown / cannot connect now (57P…), too many connections.
const POSTGRES_CODES = /^(08\d{3}|57P0[1-4]|53300)$/;
// Prisma: can't reach / timed out / closed connection, pool timeout, transaction could not start.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "P2028"]);
const MESSAGES =
  /can't reach database|connection terminated|terminating connection due to administrator command|connection refused|server closed the connection|timeout exceeded when trying to connect|database system is (starting up|shutting down)|too many clients/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      originalCode?: unknown;
      kind?: unknown;
      meta?: { driverAdapterError?: unknown };
    };
    for (const code of [e.code, e.originalCode]) {
      if (typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code) || PRISMA_CODES.has(code))) return true;
    }
    if (e.kind === "DatabaseNotReachable" || e.kind === "ConnectionClosed" || e.kind === "SocketTimeout") return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    // Prisma wraps the driver's error (with Postgres's own code) in `meta.driverAdapterError`.
    queue.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
