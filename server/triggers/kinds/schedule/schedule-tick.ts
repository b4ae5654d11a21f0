/**
 * The `triggers:schedule-tick` task (graphile crontab, every minute): computes the due
 * (instance, flow, time) triples and starts one execution each. However many workers tick, each
 * due time starts exactly once: its execution is created in the same statement as an event
 * claiming the key `schedule:<flow>:<time>` (acceptEvents), and a second claim of that key inserts nothing.
 */
import type { Flow, Manifest } from "@/server/manifest/manifest.schema";
import { acceptEvents } from "@/server/modules/events/accept-events.repo";
import { executionConcurrency } from "@/server/modules/executions/concurrency";
import { executionPriority } from "@/server/modules/executions/fair-priority";
import { listScheduledInstances } from "./schedule-instances.repo";
import { dueTime, scheduleDedupeKey, scheduleOf } from "./schedules";

const PAGE = 500;

export interface TickResult {
  fired: { instanceId: string; flowKey: string; dueAt: Date; executionId: string }[];
  problems: { instanceId: string; flowKey: string; problem: string }[];
}

type ScheduleFlow = Flow & { trigger: Extract<Flow["trigger"], { type: "schedule" }> };

export async function fireDueSchedules(options: { now: Date }): Promise<TickResult> {
  const result: TickResult = { fired: [], problems: [] };
  let afterId: string | null = null;
  for (;;) {
    const page = await listScheduledInstances(afterId, PAGE);
    for (const instance of page) {
      const manifest = instance.manifest as Manifest;
      const flows = manifest.flows.filter((flow): flow is ScheduleFlow => flow.trigger.type === "schedule");
      for (const flow of flows) {
        const spec = scheduleOf(flow.trigger, instance.config_values ?? {});
        if ("problem" in spec) {
          result.problems.push({ instanceId: instance.id, flowKey: flow.key, problem: spec.problem });
          continue;
        }
        const due = instance.deployed_at ? dueTime(spec, options.now, instance.deployed_at) : null;
        if (!due) continue;
        const input = { scheduledTime: due.toISOString(), cron: spec.cron, timezone: spec.timezone };
        const [accepted] = await acceptEvents([
          {
            record: {
              organizationId: instance.organization_id,
              instanceId: instance.id,
              endpointId: null,
              source: "schedule",
              eventType: "schedule",
              body: Buffer.from(JSON.stringify(input)),
              dedupeKey: scheduleDedupeKey(flow.key, due),
              flowKeys: [flow.key],
            },
            run: { customerId: instance.customer_id, integrationVersionId: instance.integration_version_id },
            starts: [{ flowKey: flow.key, input, startAt: flow.StartAt, concurrency: executionConcurrency(instance.id, flow, input) }],
            trigger: "schedule",
            priority: executionPriority.next(instance.customer_id),
            // A clock tick is not something a WaitForEvent state waits for.
            deliverToWaiters: false,
          },
        ]);
        if (typeof accepted !== "string") result.fired.push({ instanceId: instance.id, flowKey: flow.key, dueAt: due, executionId: accepted.executionIds[0] });
      }
    }
    if (page.length < PAGE) break;
    afterId = page[page.length - 1].id;
  }
  return result;
}
