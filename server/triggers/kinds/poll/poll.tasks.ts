import type { TriggerKindTasks } from "../trigger-tasks";
import { POLL_TASK } from "./poll-state.repo";
import { enqueueDuePolls } from "./poll-tick";
import { runPoll, type PollJob } from "./run-poll";

export const pollTasks: TriggerKindTasks = {
  async tick(log) {
    const { queued } = await enqueueDuePolls({ now: new Date() });
    if (queued.length) log.debug(`queued ${queued.length} poll(s)`);
  },
  tasks: (env) => ({
    [POLL_TASK]: async (payload) => {
      await runPoll(payload as PollJob, env.poll);
    },
  }),
};
