/**
 * Part of the per-minute tick: finds the poll flows that are due and queues one poll job each
 * (`triggers:poll`, run by `runPoll`). A due time already polled for is not queued again.
 */
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import { enqueuePoll, listPollingInstances, lastDueTimes } from "./poll-state.repo";
import type { PollTrigger } from "@/server/manifest/trigger-kinds/poll-trigger.schema";
import { pollDueTime } from "./poll-due";

const PAGE = 500;

export type PollFlow = Flow & { trigger: PollTrigger };

export const pollFlowsOf = (manifest: Manifest) => manifest.flows.filter((flow): flow is PollFlow => flow.trigger.type === "poll");

export interface PollTickResult {
  queued: { instanceId: string; flowKey: string; dueAt: Date }[];
}

export async function enqueueDuePolls(options: { now: Date }): Promise<PollTickResult> {
  const result: PollTickResult = { queued: [] };
  let afterId: string | null = null;
  for (;;) {
    const page = await listPollingInstances(afterId, PAGE);
    const polled = await lastDueTimes(page.map((instance) => instance.id));
    for (const instance of page) {
      if (!instance.deployed_at) continue;
      for (const flow of pollFlowsOf(instance.manifest as Manifest)) {
        const due = pollDueTime(flow.trigger.schedule, options.now, instance.deployed_at);
        const last = polled.get(`${instance.id}:${flow.key}`);
        if (!due || (last && last.getTime() >= due.getTime())) continue;
        await enqueuePoll({ organizationId: instance.organization_id, instanceId: instance.id, flowKey: flow.key, dueAt: due.toISOString() });
        result.queued.push({ instanceId: instance.id, flowKey: flow.key, dueAt: due });
      }
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1].id;
  }
  return result;
}
