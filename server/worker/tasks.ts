/**
 * Every graphile-worker task Switchyard runs, one per entry of the job catalog
 * (server/jobs/job-catalog.ts): each gets its payload checked and typed (taskFor).
 */
import type { TaskList } from "graphile-worker";
import { connectorRegistry } from "@/server/connectors/registry";
import { JOBS } from "@/server/jobs/job-catalog";
import { taskFor } from "@/server/jobs/typed-task";
import { deliverNotification } from "@/server/modules/alerts/deliver-notification";
import { evaluateAllAlerts } from "@/server/modules/alerts/evaluate-alerts";
import { pruneLoginAttempts } from "@/server/modules/auth/login-attempts.repo";
import { runDueHealthChecks } from "@/server/modules/connections/health-check.service";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";
import { connectionResolver } from "@/server/modules/connections/resolve-connection";
import { applyRetention } from "@/server/modules/retention/retention.service";
import { runExecutionTask } from "@/server/runtime/execution-task";
import type { Runtime } from "@/server/runtime/runtime";
import { deliverStoredEventToWaiters } from "@/server/runtime/waiter-delivery";
import { countOf } from "@/server/text/plural";
import type { PollEnvironment } from "@/server/triggers/kinds/poll/run-poll";
import { triggerTaskList } from "@/server/triggers/kinds/trigger-tasks";

export function buildTaskList(options: { runtime: Runtime; poll: PollEnvironment; deadline?: number }): TaskList {
  return {
    [JOBS.runExecution.name]: taskFor(JOBS.runExecution, runExecutionTask(options.runtime, { deadline: options.deadline })),
    // The per-minute tick, polls and lifecycle settles: what the trigger kinds need (server/triggers/kinds).
    ...triggerTaskList({ poll: options.poll }),
    [JOBS.deliverToWaiters.name]: taskFor(JOBS.deliverToWaiters, async ({ organizationId, instanceId, eventId }) => {
      await deliverStoredEventToWaiters(options.runtime.store, organizationId, instanceId, eventId);
    }),
    // The sign-in rate limiter only looks back minutes; a day of history is plenty for audits.
    [JOBS.pruneLoginAttempts.name]: taskFor(JOBS.pruneLoginAttempts, async () => {
      await pruneLoginAttempts(new Date(Date.now() - 24 * 60 * 60 * 1000));
    }),
    // Opens, updates and resolves incidents from what executions, deliveries and connections wrote.
    [JOBS.alertsEvaluate.name]: taskFor(JOBS.alertsEvaluate, async (_payload, helpers) => {
      const report = await evaluateAllAlerts();
      if (report.opened.length || report.resolved.length)
        helpers.logger.info(`alerts: ${report.opened.length} incident(s) opened, ${report.resolved.length} resolved`);
    }),
    // Connectors' cheap "who am I" calls, about once an hour per active connection, in batches.
    [JOBS.healthCheck.name]: taskFor(JOBS.healthCheck, async (_payload, helpers) => {
      const report = await runDueHealthChecks({
        registry: connectorRegistry,
        resolver: connectionResolver(),
        network: defaultOAuthSettings().network,
        log: options.poll.log,
      });
      if (report.failed) helpers.logger.info(`connection health: ${report.failed} of ${countOf(report.checked, "check")} failed`);
    }),
    [JOBS.notify.name]: taskFor(JOBS.notify, async (payload, helpers) => {
      await deliverNotification(payload, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    }),
    // Deletes events, executions, step runs and resolved incidents past each organization's retention, in small batches.
    [JOBS.retention.name]: taskFor(JOBS.retention, async (_payload, helpers) => {
      const report = await applyRetention();
      if (report.executions || report.events || report.incidents) {
        helpers.logger.info(
          `retention deleted ${[countOf(report.executions, "execution"), countOf(report.stepRuns, "step run"), countOf(report.events, "event"), countOf(report.incidents, "incident")].join(", ")} in ${countOf(report.batches, "batch", "batches")}`,
        );
      }
    }),
  };
}

/**
 * Recurring tasks (the catalog's `recurring` entries); graphile-worker enqueues each due time once
 * however many workers run (and the schedule tick is idempotent per due time on its own, see
 * server/triggers/kinds/schedule/schedule-tick.ts). A worker that runs all the time needs no
 * backfill: after downtime the tick itself runs each schedule once for its latest missed time. The
 * flow runner route runs only when called, so it backfills what came due since the last call
 * (`fill`, within a window).
 */
export function crontab(options: { backfill?: boolean } = {}): string {
  return Object.values(JOBS)
    .flatMap((job) => ("recurring" in job && job.recurring ? [{ task: job.name, ...job.recurring }] : []))
    .map(({ pattern, task, fill }) => `${pattern} ${task} ?max=1${options.backfill ? `&fill=${fill}` : ""}`)
    .join("\n");
}
