import { JOBS } from "@/server/jobs/job-catalog";
import { taskFor } from "@/server/jobs/typed-task";
import { settleLifecycle } from "@/server/modules/instances/instance-lifecycle.service";
import type { TriggerKindTasks } from "../trigger-kind-tasks";

export const lifecycleTasks: TriggerKindTasks = {
  tasks: () => ({
    // Queued by a lifecycle flow's final commit: the instance moves on (active, failed, deleted).
    [JOBS.settleLifecycle.name]: taskFor(JOBS.settleLifecycle, async ({ organizationId, instanceId }) => {
      await settleLifecycle(organizationId, instanceId);
    }),
  }),
};
