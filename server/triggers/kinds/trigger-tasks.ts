/**
 * What the trigger kinds need from the worker (server/worker/tasks.ts builds its task list from
 * this): work for the per-minute tick, and tasks of their own. A kind that fires only from a
 * request (webhook, manual, tool) or from another flow (event) has nothing here.
 */
import type { Task } from "graphile-worker";
import { JOBS } from "@/server/jobs/job-catalog";
import { taskFor } from "@/server/jobs/typed-task";
import { lifecycleTasks } from "./lifecycle/lifecycle.tasks";
import { pollTasks } from "./poll/poll.tasks";
import { scheduleTasks } from "./schedule/schedule.tasks";
import type { TriggerKindTasks, TriggerTaskEnvironment } from "./trigger-kind-tasks";

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
