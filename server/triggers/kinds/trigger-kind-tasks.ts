/**
 * What a trigger kind may ask of the worker (the contract its `<kind>.tasks.ts` fulfils;
 * trigger-tasks.ts lists them for the worker's task list).
 */
import type { JobHelpers, Task } from "graphile-worker";
import type { PollEnvironment } from "./poll/run-poll";

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
