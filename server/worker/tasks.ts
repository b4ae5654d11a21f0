/**
 * Every graphile-worker task Switchyard runs, by name. Later parts (token refresh)
 * register theirs here.
 */
import type { TaskList } from "graphile-worker";
import { pruneLoginAttempts } from "@/server/modules/auth/login-attempts.repo";
import { DELIVER_TO_WAITERS_TASK } from "@/server/modules/events/events.repo";
import { RUN_EXECUTION_TASK, SETTLE_LIFECYCLE_TASK } from "@/server/modules/executions/queue.repo";
import { settleLifecycle } from "@/server/modules/instances/instance-lifecycle.service";
import { applyRetention } from "@/server/modules/retention/retention.service";
import { POLL_TASK } from "@/server/modules/polling/poll-state.repo";
import { enqueueDuePolls } from "@/server/triggers/polling/poll-tick";
import { runPoll, type PollEnvironment, type PollJob } from "@/server/triggers/polling/run-poll";
import { fireDueSchedules } from "@/server/triggers/schedule-tick";
import { runExecutionTask } from "@/server/runtime/execution-task";
import type { Runtime } from "@/server/runtime/runtime";
import { deliverStoredEventToWaiters } from "@/server/runtime/waiter-delivery";

export const SCHEDULE_TICK_TASK = "triggers:schedule-tick";
export const RETENTION_TASK = "retention:delete-expired";

type InstancePayload = { organizationId: string; instanceId: string };

export function buildTaskList(options: { runtime: Runtime; poll: PollEnvironment; deadline?: number }): TaskList {
  return {
    [RUN_EXECUTION_TASK]: runExecutionTask(options.runtime, { deadline: options.deadline }),
    [SCHEDULE_TICK_TASK]: async (_payload, helpers) => {
      const { fired, problems } = await fireDueSchedules({ now: new Date() });
      if (fired.length) helpers.logger.debug(`schedules fired ${fired.length} execution(s)`);
      for (const p of problems) helpers.logger.warn(`schedule of flow "${p.flowKey}" on instance ${p.instanceId} skipped: ${p.problem}`);
      const { queued } = await enqueueDuePolls({ now: new Date() });
      if (queued.length) helpers.logger.debug(`queued ${queued.length} poll(s)`);
    },
    [POLL_TASK]: async (payload) => {
      await runPoll(payload as PollJob, options.poll);
    },
    [DELIVER_TO_WAITERS_TASK]: async (payload) => {
      const { organizationId, instanceId, eventId } = payload as InstancePayload & { eventId: string };
      await deliverStoredEventToWaiters(options.runtime.store, organizationId, instanceId, eventId);
    },
    [SETTLE_LIFECYCLE_TASK]: async (payload) => {
      const { organizationId, instanceId } = payload as InstancePayload;
      await settleLifecycle(organizationId, instanceId);
    },
    // The sign-in rate limiter only looks back minutes; a day of history is plenty for audits.
    "auth:prune-login-attempts": async () => {
      await pruneLoginAttempts(new Date(Date.now() - 24 * 60 * 60 * 1000));
    },
    // Deletes events, executions and step runs past each organization's retention, in small batches.
    [RETENTION_TASK]: async (_payload, helpers) => {
      const report = await applyRetention();
      if (report.executions || report.events) {
        helpers.logger.info(`retention deleted ${report.executions} execution(s), ${report.stepRuns} step run(s), ${report.events} event(s) in ${report.batches} batch(es)`);
      }
    },
  };
}

const RECURRING = [
  { pattern: "0 * * * *", task: "auth:prune-login-attempts", fill: "1h" },
  { pattern: "* * * * *", task: SCHEDULE_TICK_TASK, fill: "2m" },
  // Every 10 minutes: a run is bounded (batches per organization), so a backlog drains over runs.
  { pattern: "*/10 * * * *", task: RETENTION_TASK, fill: "20m" },
];

/**
 * Recurring tasks; graphile-worker enqueues each due time once however many workers run (and
 * the schedule tick is idempotent per due time on its own, see server/triggers/schedule-tick.ts).
 * A worker that runs all the time needs no backfill: after downtime the tick itself runs each
 * schedule once for its latest missed time. The flow runner route runs only when called, so it
 * backfills what came due since the last call (`fill`, within a window).
 */
export function crontab(options: { backfill?: boolean } = {}): string {
  return RECURRING.map(({ pattern, task, fill }) => `${pattern} ${task} ?max=1${options.backfill ? `&fill=${fill}` : ""}`).join("\n");
}
