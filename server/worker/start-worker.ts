import { Logger as WorkerLogger, run, runMigrations, type Runner } from "graphile-worker";
import pg from "pg";
import { disconnectDb, useDatabase } from "@/server/db/client";
import type { Logger } from "@/server/logger";
import { crontab, taskList } from "./tasks";

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  log: Logger;
}

function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    const method = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    log[method]({ component: "worker", ...(meta as object) }, message);
  });
}

/** Installs graphile-worker's own schema (idempotent; it takes its own lock). */
export async function migrateQueue(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: workerLogger({ debug() {}, warn() {}, error() {} } as unknown as Logger) });
}

export interface RunningWorker {
  stop(): Promise<void>;
  promise: Promise<void>;
}

export async function startWorker(options: WorkerOptions): Promise<RunningWorker> {
  useDatabase(options.databaseUrl);
  // Our own pool, so an idle connection dropped by the server (restart, failover, shutdown) is
  // logged instead of crashing the process with an unhandled 'error' event.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.concurrency + 2 });
  pool.on("error", (error) => options.log.warn({ component: "worker", err: error.message }, "database connection lost"));
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    // The launcher owns signal handling so web, worker and Postgres stop in the right order.
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger: workerLogger(options.log),
  });
  return {
    promise: runner.promise,
    async stop() {
      await runner.stop();
      await pool.end();
      await disconnectDb();
    },
  };
}
