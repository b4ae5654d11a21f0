import type { TriggerKindTasks } from "../trigger-kind-tasks";
import { fireDueSchedules } from "./schedule-tick";

export const scheduleTasks: TriggerKindTasks = {
  async tick(log) {
    const { fired, problems } = await fireDueSchedules({ now: new Date() });
    if (fired.length) log.debug(`schedules fired ${fired.length} execution(s)`);
    for (const p of problems) log.warn(`schedule of flow "${p.flowKey}" on instance ${p.instanceId} skipped: ${p.problem}`);
  },
};
