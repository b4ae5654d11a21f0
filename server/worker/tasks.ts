/**
 * Every graphile-worker task Switchyard runs, by name. Later parts (schedules, token refresh,
 * retention) register theirs here.
 */
import type { TaskList } from "graphile-worker";
import { pruneLoginAttempts } from "@/server/modules/auth/login-attempts.repo";
import { RUN_EXECUTION_TASK } from "@/server/modules/executions/queue.repo";
import { runExecutionTask, type ExecutionTaskOptions } from "./execution-task";

export function buildTaskList(options: ExecutionTaskOptions): TaskList {
  return {
    [RUN_EXECUTION_TASK]: runExecutionTask(options),
    // The sign-in rate limiter only looks back minutes; a day of history is plenty for audits.
    "auth:prune-login-attempts": async () => {
      await pruneLoginAttempts(new Date(Date.now() - 24 * 60 * 60 * 1000));
    },
  };
}

/** Recurring tasks; graphile-worker runs each due time once however many workers run. */
export const crontab = ["0 * * * * auth:prune-login-attempts ?max=1"].join("\n");
