import type { JobHelpers, Task } from "graphile-worker";
import type { JobDefinition } from "./job-catalog";

/**
 * The graphile-worker task for a catalog entry: `run` gets the payload checked and typed. A payload
 * that fails its check is logged as an error naming the task and the field, and the job ends there
 * (completed, not retried): running it again cannot make it valid.
 */
export function taskFor<Payload>(job: JobDefinition<Payload>, run: (payload: Payload, helpers: JobHelpers) => Promise<void>): Task {
  return async (payload, helpers) => {
    const checked = job.check(payload);
    if (!checked.ok) {
      helpers.logger.error(`job ${helpers.job.id} of task "${job.name}" has an invalid payload (${checked.problem}); it is dropped, not retried`);
      return;
    }
    await run(checked.payload, helpers);
  };
}
