import { Logger as WorkerLogger, run, runMigrations, type Runner } from "graphile-worker";
import pg from "pg";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { maxBlobBytes, useRuntimeConfig, type RuntimeConfig } from "@/server/env";
import { createActionInvoker } from "@/server/modules/executions/action-invoker";
import type { Logger } from "@/server/logger";
import { requeueAbandoned, requeueOrphaned } from "@/server/modules/executions/executions.repo";
import { REGISTER_TASKS_SQL } from "@/server/modules/executions/queue.repo";
import { sandboxAllowances } from "@/server/sandbox/config";
import type { ActionInvokerFactory } from "./execution-task";
import { repeatedFailureLog } from "./repeated-failure";
import { buildTaskList, crontab } from "./tasks";

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  log: Logger;
  /** How long an execution stays with a worker that stopped renewing it (a dead worker). */
  executionLeaseMs: number;
  actionInvoker: ActionInvokerFactory;
  /** Destinations polls may always reach (the app's /sandbox/ routes when the sandbox is on); the organization's allow-list is added. */
  pollAlwaysAllow?: string[];
}

function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    const method = level === "error" ? "error" : level === "warning" ? "warn" : "debug";
    log[method]({ component: "worker", ...(meta as object) }, message);
  });
}

/** Installs graphile-worker's own schema (idempotent; it takes its own lock) and the task rows our SQL relies on. */
export async function migrateQueue(databaseUrl: string): Promise<void> {
  await runMigrations({ connectionString: databaseUrl, logger: workerLogger({ debug() {}, warn() {}, error() {} } as unknown as Logger) });
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(REGISTER_TASKS_SQL);
  } finally {
    await client.end();
  }
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
  const lost = (error: Error) => options.log.warn({ component: "worker", err: error.message }, "database connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  const runner: Runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    // The launcher owns signal handling so web, worker and Postgres stop in the right order.
    noHandleSignals: true,
    pollInterval: 1000,
    taskList: buildTaskList({ leaseMs: options.executionLeaseMs, actionInvoker: options.actionInvoker, poll: { log: options.log, alwaysAllow: options.pollAlwaysAllow ?? [] } }),
    crontab,
    logger: workerLogger(options.log),
  });
  const stopGuarding = surviveQueueBookkeepingOutages(options.log);
  // Executions whose worker died go back to the queue once their lease lapses; executions whose
  // job was lost to a database outage get a new one. While the database is down the check fails
  // every half-lease: that is said once, and again when it works.
  const checks = repeatedFailureLog(options.log, { component: "worker", what: "check for abandoned executions" });
  const recover = async () => {
    try {
      const abandoned = await requeueAbandoned();
      if (abandoned.length) options.log.warn({ component: "worker", executions: abandoned }, "resuming executions of a worker that stopped");
      const orphaned = await requeueOrphaned(options.executionLeaseMs);
      if (orphaned.length) options.log.warn({ component: "worker", executions: orphaned }, "re-queueing executions whose job was lost");
      checks.succeeded();
    } catch (error) {
      checks.failed(error);
    }
  };
  void recover();
  const recovery = setInterval(recover, Math.max(1000, options.executionLeaseMs / 2));
  return {
    promise: runner.promise,
    async stop() {
      clearInterval(recovery);
      await runner.stop();
      await pool.end();
      await disconnectDb();
      stopGuarding();
    },
  };
}

/**
 * graphile-worker records a job's end (complete or fail) without awaiting it; when the database
 * is down at that moment the rejection is unhandled and Node ends the process, taking the web
 * server with it under the launcher. That job stays locked until graphile-worker's own lock
 * expiry; the execution it was for comes back through its lease (`requeueAbandoned`) or, if it
 * was never claimed, as an orphan (`requeueOrphaned`), so the outage costs a delay, not a
 * process. Every other unhandled rejection still ends the process.
 */
function surviveQueueBookkeepingOutages(log: Logger): () => void {
  const onRejection = (reason: unknown) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    log.warn({ component: "worker", err: (reason as Error)?.message ?? String(reason) }, "database unavailable while recording a job's end; the lease will requeue its execution");
  };
  process.on("unhandledRejection", onRejection);
  return () => process.off("unhandledRejection", onRejection);
}

/** A worker as the start command and `npm run worker` run it, from the runtime configuration. */
export function workerOptions(config: RuntimeConfig, log: Logger): WorkerOptions {
  useRuntimeConfig(config);
  useEncryptionKey(config.encryptionKey, config.previousEncryptionKeys);
  // With the sandbox on, flows call the simulated providers served by this very app (its /sandbox/ routes only).
  const alwaysAllow = sandboxAllowances(config.publicUrl, config.sandboxEnabled);
  return {
    databaseUrl: config.databaseUrl,
    concurrency: config.workerConcurrency,
    log,
    executionLeaseMs: config.executionLeaseMs,
    actionInvoker: createActionInvoker({ log, alwaysAllow, maxBlobBytes: maxBlobBytes() }),
    pollAlwaysAllow: alwaysAllow,
  };
}
