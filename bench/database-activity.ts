/**
 * What the database did for a piece of work: transactions committed, WAL flushes and statements
 * (round trips) on the bench database, read from Postgres's own statistics. The bench's Postgres
 * loads `pg_stat_statements` (`STATEMENT_STATISTICS`); the bench's own bookkeeping queries carry
 * the `BENCH_QUERY` comment (after their first keyword: Postgres drops a leading one) and are left out.
 */
import pg from "pg";

export const STATEMENT_STATISTICS = { shared_preload_libraries: "pg_stat_statements", "pg_stat_statements.track": "top", "pg_stat_statements.max": "5000" };

/** Marks a query the benchmark itself sends, so it is not counted as the product's work. */
export const BENCH_QUERY = "/* bench */";

export interface DatabaseActivity {
  transactions: number;
  walFlushes: number;
  statements: number;
  /** Checkpoints the server completed (timed or requested); a stall at a steady rate may be one. */
  checkpoints: number;
}

export async function enableStatementStatistics(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
  } finally {
    await client.end();
  }
}

/** Counters for the database `databaseUrl` names; compare two readings with `activitySince`. */
export async function readDatabaseActivity(databaseUrl: string): Promise<DatabaseActivity> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // Backends publish their counters about once a second when they are busy.
    await client.query("SELECT pg_stat_force_next_flush()");
    const { rows } = await client.query<{ transactions: string; wal_flushes: string | null; statements: string | null; checkpoints: string }>(`
      SELECT ${BENCH_QUERY} (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()) AS transactions,
             (SELECT sum(fsyncs) FROM pg_stat_io WHERE object = 'wal') AS wal_flushes,
             (SELECT sum(calls) FROM pg_stat_statements s WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
                 AND s.query NOT LIKE '%${BENCH_QUERY}%') AS statements,
             (SELECT num_done FROM pg_stat_checkpointer) AS checkpoints`);
    const row = rows[0];
    return {
      transactions: Number(row.transactions),
      walFlushes: Number(row.wal_flushes ?? 0),
      statements: Number(row.statements ?? 0),
      checkpoints: Number(row.checkpoints),
    };
  } finally {
    await client.end();
  }
}

export function activitySince(before: DatabaseActivity, after: DatabaseActivity): DatabaseActivity {
  return {
    transactions: after.transactions - before.transactions,
    walFlushes: after.walFlushes - before.walFlushes,
    statements: after.statements - before.statements,
    checkpoints: after.checkpoints - before.checkpoints,
  };
}

/** The statements Postgres spent most time in since `pg_stat_statements_reset()`, for where its CPU goes. */
export async function topStatements(databaseUrl: string, limit = 8): Promise<{ calls: number; totalMs: number; meanMs: number; query: string }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ calls: string; total: number; mean: number; query: string }>(`
      SELECT ${BENCH_QUERY} calls, total_exec_time AS total, mean_exec_time AS mean, query FROM pg_stat_statements
       WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query NOT LIKE '%${BENCH_QUERY}%'
       ORDER BY total_exec_time DESC LIMIT ${limit}`);
    return rows.map((r) => ({ calls: Number(r.calls), totalMs: r.total, meanMs: r.mean, query: r.query.replace(/\s+/g, " ").slice(0, 90) }));
  } finally {
    await client.end();
  }
}

export async function resetStatementStatistics(databaseUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_stat_statements_reset()");
  } finally {
    await client.end();
  }
}
