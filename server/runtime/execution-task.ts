/**
 * The `execution:run` task: graphile-worker delivers one job per execution to run; the runtime
 * claims it and runs it until it finishes or parks. The job's lock holder (the worker pool) is
 * kept with the execution's lease, so when the pool dies the jobs it held can be freed at once
 * (recovery.ts).
 */
import type { JobHelpers } from "graphile-worker";
import type { RunJobPayload } from "@/server/jobs/job-catalog";
import type { Runtime } from "./runtime";

/** With a `deadline` (the flow runner route), a run still going then is handed back at its next commit. */
export function runExecutionTask(runtime: Runtime, options: { deadline?: number } = {}): (payload: RunJobPayload, helpers: JobHelpers) => Promise<void> {
  const { deadline } = options;
  const handBack = deadline === undefined ? undefined : () => Date.now() >= deadline;
  return async ({ executionId, concurrencyKey }, helpers) => {
    // A claim refused because the execution's turn has not come ends the job: the execution ahead
    // of it queues its job when it finishes (concurrency.repo.ts).
    await runtime.run(executionId, { leasedBy: helpers.job.locked_by, concurrencyKey, handBack });
  };
}
