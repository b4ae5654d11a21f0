/**
 * Whether an error means "the database cannot be reached right now" (down, restarting, out of
 * connections, pool exhausted). Those deliveries are answered 503 so the provider retries later;
 * nothing was committed, so nothing was acknowledged.
 */
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH"]);
// Postgres: connection exceptions (08…), shutdown / cannot connect now (57P…), too many connections.
const POSTGRES_CODES = /^(08\d{3}|57P0[1-4]|53300)$/;
// Prisma: can't reach / timed out / closed connection, pool timeout, transaction could not start.
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024", "P2028"]);
const MESSAGES = /can't reach database|connection terminated|connection refused|server closed the connection|timeout exceeded when trying to connect|database system is (starting up|shutting down)|too many clients/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    seen.add(current);
    const e = current as { code?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown; kind?: unknown };
    for (const code of [e.code, e.originalCode]) {
      if (typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_CODES.test(code) || PRISMA_CODES.has(code))) return true;
    }
    if (e.kind === "DatabaseNotReachable" || e.kind === "ConnectionClosed" || e.kind === "SocketTimeout") return true;
    if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    current = e.cause;
  }
  return false;
}
