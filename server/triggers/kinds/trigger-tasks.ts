/**
 * What the trigger kinds need from the worker (server/worker/tasks.ts builds its task list from
 * this): work for the per-minute tick, and tasks of their own. A kind that fires only from a
 * request (webhook, manual, tool) or from another flow (event) has nothing here.
 */
import type { JobHelpers, Task } from "graphile-worker";
import { JOBS } from "@/server/jobs/job-catalog";
import { taskFor } from "@/server/jobs/typed-task";
import { lifecycleTasks } from "./lifecycle/lifecycle.tasks";
import { pollTasks } from "./poll/poll.tasks";
import type { PollEnvironment } from "./poll/run-poll";
import { scheduleTasks } from "./schedule/schedule.tasks";

export type TaskLog = Pick<JobHelpers["logger"], "debug" | "info" | "warn" | "error">;

export interface TriggerTaskEnvironment {
  poll: PollEnvironment;
}

export interface TriggerKindTasks {
  /** Work for the per-minute tick (`triggers:schedule-tick`), run in list order. */
  tick?: (log: TaskLog) => Promise<void>;
  /** Tasks of its own, by job name (each an entry of server/jobs/job-catalog.ts, made with taskFor). */
  tasks?: (env: TriggerTaskEnvironment) => Record<string, Task>;
}

export const TRIGGER_KIND_TASKS: readonly TriggerKindTasks[] = [scheduleTasks, pollTasks, lifecycleTasks];

/** The tick and every kind's own tasks, for the worker's task list. */
export function triggerTaskList(env: TriggerTaskEnvironment): Record<string, Task> {
  const tasks: Record<string, Task> = {
    [JOBS.scheduleTick.name]: taskFor(JOBS.scheduleTick, async (_payload, helpers) => {
      for (const kind of TRIGGER_KIND_TASKS) await kind.tick?.(helpers.logger);
    }),
  };
  for (const kind of TRIGGER_KIND_TASKS) Object.assign(tasks, kind.tasks?.(env));
  return tasks;
}
