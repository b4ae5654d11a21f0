import { SETTLE_LIFECYCLE_TASK } from "@/server/modules/executions/queue.repo";
import { settleLifecycle } from "@/server/modules/instances/instance-lifecycle.service";
import type { TriggerKindTasks } from "../trigger-tasks";

export const lifecycleTasks: TriggerKindTasks = {
  tasks: () => ({
    // Queued by a lifecycle flow's final commit: the instance moves on (active, failed, deleted).
    [SETTLE_LIFECYCLE_TASK]: async (payload) => {
      const { organizationId, instanceId } = payload as { organizationId: string; instanceId: string };
      await settleLifecycle(organizationId, instanceId);
    },
  }),
};
