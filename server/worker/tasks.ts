/**
 * Every graphile-worker task Switchyard runs, by name. Later parts (token refresh)
 * register theirs here.
 */
import type { TaskList } from "graphile-worker";
import { deliverNotification, type NotifyPayload } from "@/server/modules/alerts/deliver-notification";
import { evaluateAllAlerts } from "@/server/modules/alerts/evaluate-alerts";
import { NOTIFY_TASK } from "@/server/modules/alerts/incidents.repo";
import { pruneLoginAttempts } from "@/server/modules/auth/login-attempts.repo";
import { runDueHealthChecks } from "@/server/modules/connections/health-check.service";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";
import { connectionResolver } from "@/server/modules/connections/resolve-connection";
import { connectorRegistry } from "@/server/connectors/registry";
import { DELIVER_TO_WAITERS_TASK } from "@/server/modules/events/events.repo";
import { RUN_EXECUTION_TASK } from "@/server/modules/executions/queue.repo";
import { applyRetention } from "@/server/modules/retention/retention.service";
import { runExecutionTask } from "@/server/runtime/execution-task";
import type { Runtime } from "@/server/runtime/runtime";
import { deliverStoredEventToWaiters } from "@/server/runtime/waiter-delivery";
import type { PollEnvironment } from "@/server/triggers/kinds/poll/run-poll";
import { SCHEDULE_TICK_TASK, triggerTaskList } from "@/server/triggers/kinds/trigger-tasks";

export const RETENTION_TASK = "retention:delete-expired";
export const ALERTS_EVALUATE_TASK = "alerts:evaluate";
export const HEALTH_CHECK_TASK = "connections:health-check";

type InstancePayload = { organizationId: string; instanceId: string };

export function buildTaskList(options: { runtime: Runtime; poll: PollEnvironment; deadline?: number }): TaskList {
  return {
    [RUN_EXECUTION_TASK]: runExecutionTask(options.runtime, { deadline: options.deadline }),
    // The per-minute tick, polls and lifecycle settles: what the trigger kinds need (server/triggers/kinds).
    ...triggerTaskList({ poll: options.poll }),
    [DELIVER_TO_WAITERS_TASK]: async (payload) => {
      const { organizationId, instanceId, eventId } = payload as InstancePayload & { eventId: string };
      await deliverStoredEventToWaiters(options.runtime.store, organizationId, instanceId, eventId);
    },
    // The sign-in rate limiter only looks back minutes; a day of history is plenty for audits.
    "auth:prune-login-attempts": async () => {
      await pruneLoginAttempts(new Date(Date.now() - 24 * 60 * 60 * 1000));
    },
    // Opens, updates and resolves incidents from what executions, deliveries and connections wrote.
    [ALERTS_EVALUATE_TASK]: async (_payload, helpers) => {
      const report = await evaluateAllAlerts();
      if (report.opened.length || report.resolved.length) helpers.logger.info(`alerts: ${report.opened.length} incident(s) opened, ${report.resolved.length} resolved`);
    },
    // Connectors' cheap "who am I" calls, about once an hour per active connection, in batches.
    [HEALTH_CHECK_TASK]: async (_payload, helpers) => {
      const report = await runDueHealthChecks({
        registry: connectorRegistry,
        resolver: connectionResolver(),
        network: defaultOAuthSettings().network,
        log: options.poll.log,
      });
      if (report.failed) helpers.logger.info(`connection health: ${report.failed} of ${report.checked} check(s) failed`);
    },
    [NOTIFY_TASK]: async (payload, helpers) => {
      await deliverNotification(payload as NotifyPayload, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
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
  { pattern: "* * * * *", task: ALERTS_EVALUATE_TASK, fill: "2m" },
  { pattern: "*/10 * * * *", task: HEALTH_CHECK_TASK, fill: "20m" },
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
