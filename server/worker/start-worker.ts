import { Logger as WorkerLogger, run, runMigrations, type Runner } from "graphile-worker";
import { useDatabase } from "@/server/db/client";
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

export async function startWorker(options: WorkerOptions): Promise<Runner> {
  useDatabase(options.databaseUrl);
  return run({
    connectionString: options.databaseUrl,
    concurrency: options.concurrency,
    // The launcher owns signal handling so web, worker and Postgres stop in the right order.
    noHandleSignals: true,
    pollInterval: 1000,
    taskList,
    crontab,
    logger: workerLogger(options.log),
  });
}
