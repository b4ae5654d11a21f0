import { JOBS } from "@/server/jobs/job-catalog";
import { taskFor } from "@/server/jobs/typed-task";
import type { TriggerKindTasks } from "../trigger-kind-tasks";
import { enqueueDuePolls } from "./poll-tick";
import { runPoll } from "./run-poll";

export const pollTasks: TriggerKindTasks = {
  async tick(log) {
    const { queued } = await enqueueDuePolls({ now: new Date() });
    if (queued.length) log.debug(`queued ${queued.length} poll(s)`);
  },
  tasks: (env) => ({
    [JOBS.poll.name]: taskFor(JOBS.poll, async (job) => {
      await runPoll(job, env.poll);
    }),
  }),
};
