/**
 * A worker for a bounded time, for hosts with no long-running worker (serverless): the flow runner
 * route (`POST /api/runner`) calls this. It runs the same task list as `npm run worker` — the
 * same runtime, claims and commits — until nothing is due and nothing runs, or until `maxMs`
 * passes; an execution still running then is handed back to the queue at its next committed step.
 * Recurring tasks (the schedule tick, retention) that came due since the last call are enqueued
 * first (graphile-worker's cron backfill). Calls may overlap and repeat: graphile-worker locks
 * each job for one runner, and an execution is claimed by one runner at a time.
 */
import { EventEmitter } from "node:events";
import { run, type JobHelpers, type TaskList, type WorkerEvents } from "graphile-worker";
import pg from "pg";
import type { Logger } from "@/server/logger";
import { countDueJobs } from "@/server/modules/executions/queue.repo";
import type { Runtime } from "@/server/runtime/runtime";
import type { PollEnvironment } from "@/server/triggers/kinds/poll/run-poll";
import { QUEUE_POOL_SIZE, workerLogger } from "./start-worker";
import { buildTaskList, crontab } from "./tasks";

export interface DueJobsReport {
  /** Jobs that ran to their end, by task. */
  ran: Record<string, number>;
  /** Jobs whose task threw (graphile-worker retries them later). */
  failed: number;
  /** Jobs due and not taken when the run stopped: call again. */
  remaining: number;
  stoppedBy: "idle" | "time";
  durationMs: number;
}

export interface DueJobsOptions {
  databaseUrl: string;
  runtime: Runtime;
  poll: PollEnvironment;
  maxMs: number;
  concurrency: number;
  log: Logger;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts each task's ends and what runs right now, so the run can stop once the queue is idle. */
function counted(tasks: TaskList, report: DueJobsReport, active: { n: number }): TaskList {
  return Object.fromEntries(
    Object.entries(tasks).map(([name, task]) => [
      name,
      async (payload: unknown, helpers: JobHelpers) => {
        active.n++;
        try {
          await task!(payload, helpers);
          report.ran[name] = (report.ran[name] ?? 0) + 1;
        } catch (error) {
          report.failed++;
          throw error;
        } finally {
          active.n--;
        }
      },
    ]),
  );
}

export async function runDueJobs(options: DueJobsOptions): Promise<DueJobsReport> {
  const started = Date.now();
  const deadline = started + options.maxMs;
  const report: DueJobsReport = { ran: {}, failed: 0, remaining: 0, stoppedBy: "time", durationMs: 0 };
  const active = { n: 0 };
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: QUEUE_POOL_SIZE });
  const lost = (error: Error) => options.log.warn({ component: "runner", err: error.message }, "database connection lost");
  pool.on("error", lost);
  pool.on("connect", (client) => client.on("error", lost));
  const events: WorkerEvents = new EventEmitter();
  let cronReady = false;
  events.on("cron:started", () => (cronReady = true));
  const runner = await run({
    pgPool: pool,
    concurrency: options.concurrency,
    noHandleSignals: true,
    pollInterval: 250,
    taskList: counted(buildTaskList({ runtime: options.runtime, poll: options.poll, deadline }), report, active),
    crontab: crontab({ backfill: true }),
    events,
    logger: workerLogger(options.log),
  });
  try {
    // Idle: cron has enqueued what came due, nothing is due, and nothing runs.
    while (Date.now() < deadline) {
      await sleep(200);
      if (cronReady && active.n === 0 && (await countDueJobs()) === 0) {
        report.stoppedBy = "idle";
        break;
      }
    }
  } finally {
    await runner.stop();
    await pool.end();
  }
  report.remaining = await countDueJobs();
  report.durationMs = Date.now() - started;
  return report;
}
