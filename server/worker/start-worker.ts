import { EventEmitter } from "node:events";
import { Logger as WorkerLogger, run, runMigrations, type Runner, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { maxBlobBytes, tracingSettings, useRuntimeConfig, type RuntimeConfig, type TracingSettings } from "@/server/env";
import type { Logger } from "@/server/logger";
import { REGISTER_TASKS_SQL, REGISTERED_TASKS } from "@/server/modules/executions/queue.repo";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { startRecovery } from "@/server/runtime/recovery";
import { freeJobsOfPool } from "@/server/runtime/recovery.repo";
import type { ActionInvoker } from "@/server/runtime/run-states";
import { createRuntime } from "@/server/runtime/runtime";
import { sandboxAllowances } from "@/server/sandbox/config";
import { flushMetrics } from "@/server/telemetry/metric-counts";
import { startTracing, stopTracing } from "@/server/telemetry/start-tracing";
import { emitEvent } from "@/server/triggers/kinds/event/emit-event";
import { buildTaskList, crontab } from "./tasks";

export interface WorkerOptions {
  databaseUrl: string;
  concurrency: number;
  log: Logger;
  /** How long an execution stays with a worker that stopped renewing it (a dead worker). */
  executionLeaseMs: number;
  /** How many days an execution parked for a reconnect waits before it fails (RECONNECT_WAIT_DAYS). */
  reconnectWaitDays?: number;
  actionInvoker: ActionInvoker;
  /** Destinations polls may always reach (the app's /sandbox/ routes when the sandbox is on); the organization's allow-list is added. */
  pollAlwaysAllow?: string[];
  /** Where traces go (OTEL_EXPORTER_OTLP_ENDPOINT); no tracing without it. */
  tracing?: TracingSettings | null;
}

/**
 * graphile-worker's pool serves its own queue bookkeeping only (fetching jobs for the local queue,
 * recording their ends); our tasks use the runtime's and Prisma's pools. So it is kept small
 * whatever the concurrency, and graphile-worker's advice to size it past the concurrency (which
 * assumes tasks borrow its connections) does not apply.
 */
export const QUEUE_POOL_SIZE = 8;
const POOL_SIZE_ADVICE = /^WARNING: having maxPoolSize \(\d+\) smaller than concurrency/;

export function workerLogger(log: Logger): WorkerLogger {
  return new WorkerLogger(() => (level, message, meta) => {
    if (POOL_SIZE_ADVICE.test(message)) return;
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
    await client.query(REGISTER_TASKS_SQL, [REGISTERED_TASKS]);
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
  await startTracing(options.tracing ?? null, { role: "worker", log: options.log });
  // Our own pool, so an idle connection dropped by the server (restart, failover, shutdown) is
  // logged instead of crashing the process with an unhandled 'error' event.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: QUEUE_POOL_SIZE });
  const lost = (error: Error) => options.log.warn({ component: "worker", err: error.message }, "database connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  const runtime = createRuntime({ leaseMs: options.executionLeaseMs, actionInvoker: options.actionInvoker, emitEvent });
  const taskList = buildTaskList({ runtime, poll: { log: options.log, alwaysAllow: options.pollAlwaysAllow ?? [] } });

  const startRunner = async () => {
    const events: WorkerEvents = new EventEmitter();
    let poolId: string | undefined;
    events.on("pool:create", ({ workerPool }) => (poolId = workerPool.id));
    const runner = await run({
      pgPool: pool,
      concurrency: options.concurrency,
      // The launcher owns signal handling so web, worker and Postgres stop in the right order.
      noHandleSignals: true,
      pollInterval: 1000,
      preset: {
        worker: {
          // Jobs are fetched for all slots at once, and the jobs that finished in the same turn of
          // the event loop are recorded in one statement: per execution, the queue's bookkeeping
          // costs a fraction of a round trip and of a commit (bench/README.md). A batch that cannot
          // be written (the database went away) ends the runner, which superviseRunner starts
          // again; a job whose worker died before its end was recorded goes in recovery
          // (dropFinishedRunJobs).
          localQueue: { size: Math.max(2, options.concurrency) },
          completeJobBatchDelay: 0,
        },
      },
      taskList,
      crontab: crontab(),
      events,
      logger: workerLogger(options.log),
    });
    return { runner, poolId: () => poolId };
  };

  let current = await startRunner();
  let stopping = false;
  const stopGuarding = surviveQueueBookkeepingOutages(options.log);
  // Executions whose worker died go back to the queue once their lease lapses; executions whose
  // job was lost to a database outage get a new one.
  const stopRecovery = startRecovery({ leaseMs: options.executionLeaseMs, reconnectWaitDays: options.reconnectWaitDays, log: options.log });
  const supervised = superviseRunner({
    current: () => current,
    replace: (next) => (current = next),
    start: startRunner,
    stopping: () => stopping,
    log: options.log,
  });
  return {
    promise: supervised,
    async stop() {
      stopping = true;
      stopRecovery();
      await current.runner.stop().catch(() => undefined);
      await supervised;
      // What this worker counted and traced since the last export, before its connections close.
      await Promise.all([flushMetrics(), stopTracing()]);
      await pool.end();
      await disconnectDb();
      stopGuarding();
    },
  };
}

interface SupervisedRunner {
  runner: Runner;
  poolId(): string | undefined;
}

/**
 * graphile-worker ends its runner when it cannot record a batch of finished jobs (the database went
 * away at that moment), or when it cannot hand its local queue back. The process stays up: the
 * runner is started again once the database answers, and the jobs the ended one still held are
 * unlocked for it (they only wake executions, whose own state says what is left to do).
 */
async function superviseRunner(options: {
  current(): SupervisedRunner;
  replace(next: SupervisedRunner): void;
  start(): Promise<SupervisedRunner>;
  stopping(): boolean;
  log: Logger;
}): Promise<void> {
  for (;;) {
    const ended = options.current();
    const reason = await ended.runner.promise.then(
      () => "it stopped",
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (options.stopping()) return;
    options.log.error({ component: "worker", reason }, "the job runner ended; starting it again once the database answers");
    for (let attempt = 0; !options.stopping(); attempt++) {
      try {
        const pool = ended.poolId();
        if (pool) await freeJobsOfPool(pool);
        options.replace(await options.start());
        options.log.info({ component: "worker" }, "the job runner runs again");
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(30_000, 500 * 2 ** attempt)));
      }
    }
    if (options.stopping()) return;
  }
}

/**
 * graphile-worker records a job's end (complete or fail) without awaiting it; when the database
 * is down at that moment the rejection is unhandled and Node ends the process, taking the web
 * server with it under the launcher. That job stays locked until graphile-worker's own lock
 * expiry; the execution it was for comes back through its lease (`resumeAbandoned`) or, if it
 * was never claimed, as an orphan (`requeueOrphaned`), so the outage costs a delay, not a
 * process. Every other unhandled rejection still ends the process.
 */
function surviveQueueBookkeepingOutages(log: Logger): () => void {
  const onRejection = (reason: unknown) => {
    if (!isDatabaseUnavailable(reason)) throw reason;
    log.warn(
      { component: "worker", err: (reason as Error)?.message ?? String(reason) },
      "database unavailable while recording a job's end; the lease will requeue its execution",
    );
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
    reconnectWaitDays: config.reconnectWaitDays,
    actionInvoker: createActionInvoker({ log, alwaysAllow, maxBlobBytes: maxBlobBytes() }),
    pollAlwaysAllow: alwaysAllow,
    tracing: tracingSettings(),
  };
}
