import pg from "pg";
import { poolApplicationName } from "@/server/db/pool-name";
import { processSingleton } from "@/server/process-singleton";

export interface HealthReport {
  status: "ok" | "unavailable";
  database: { ok: boolean; latencyMs?: number; error?: string };
  queue: { ok: boolean; pendingJobs?: number; oldestPendingSeconds?: number; error?: string };
}

/** One per process, like the other pools (server/process-singleton.ts). */
const health = processSingleton<{ pool?: pg.Pool }>("health.pool", () => ({}));

/**
 * A tiny pool of its own so a health check still answers when the main pool is exhausted, and
 * reports the real reason when the database is down. An idle connection the server drops (a
 * restart, a crash of Postgres) is an 'error' event on the pool: handled here, or it would end the
 * process; the next check connects again and says what it found.
 */
function healthPool(databaseUrl: string): pg.Pool {
  if (!health.pool) {
    health.pool = new pg.Pool({
      connectionString: databaseUrl,
      max: 2,
      connectionTimeoutMillis: 2_000,
      query_timeout: 2_000,
      application_name: poolApplicationName("health"),
    });
    health.pool.on("error", () => undefined);
  }
  return health.pool;
}

export async function checkHealth(databaseUrl: string): Promise<HealthReport> {
  const p = healthPool(databaseUrl);
  const report: HealthReport = { status: "ok", database: { ok: false }, queue: { ok: false } };
  const started = Date.now();
  try {
    await p.query("SELECT 1");
    report.database = { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    report.database = { ok: false, error: describe(error) };
  }
  if (report.database.ok) {
    try {
      const { rows } = await p.query<{ pending: string; oldest: string | null }>(
        `SELECT count(*)::text AS pending, extract(epoch FROM now() - min(run_at))::text AS oldest
           FROM graphile_worker.jobs WHERE locked_at IS NULL AND run_at <= now() AND attempts < max_attempts`,
      );
      report.queue = { ok: true, pendingJobs: Number(rows[0].pending), oldestPendingSeconds: rows[0].oldest ? Math.round(Number(rows[0].oldest)) : 0 };
    } catch (error) {
      report.queue = { ok: false, error: describe(error) };
    }
  } else {
    report.queue = { ok: false, error: "database unavailable" };
  }
  report.status = report.database.ok && report.queue.ok ? "ok" : "unavailable";
  return report;
}

function describe(error: unknown): string {
  const e = error as { code?: string; message?: string };
  // Connection errors name the host; keep only what helps an operator and no credentials.
  if (e.code === "ECONNREFUSED") return "connection refused";
  if (e.code === "42P01" || e.code === "3F000") return "queue tables missing (the worker has not migrated yet)";
  return (e.message ?? "unknown error").replace(/postgres(ql)?:\/\/[^\s]+/g, "[database url]");
}
