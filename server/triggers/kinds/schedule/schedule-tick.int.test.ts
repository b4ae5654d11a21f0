/**
 * The scheduler against a real Postgres with an injected clock: one execution per due time
 * however many runners tick at once, the next minute fires again, downtime runs once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, uniqueKey } from "@/server/testing/hooks";
import { fireDueSchedules } from "./schedule-tick";

let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

const minute = 60_000;

async function scheduledInstance() {
  const manifest = `key: ${uniqueKey("cron")}
name: Every minute
config:
  pages:
    - title: Schedule
      fields:
        - { key: every, type: schedule, default: { cron: "*/2 * * * *", timezone: Europe/Paris } }
flows:
  - key: tick
    trigger: { type: schedule, cron: "* * * * *", timezone: UTC }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: configured
    trigger: { type: schedule, config: every }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
  const { instance } = await deployIntegration({ organizationId, manifest });
  // Start of the next whole minute after activation: the first due time of "* * * * *".
  const firstDue = Math.ceil((instance.deployedAt!.getTime() + 1) / minute) * minute;
  return { instance, firstDue };
}

const firedFor = (result: Awaited<ReturnType<typeof fireDueSchedules>>, instanceId: string, flowKey = "tick") =>
  result.fired.filter((f) => f.instanceId === instanceId && f.flowKey === flowKey);

const executionsOf = (instanceId: string, flowKey = "tick") =>
  db().execution.findMany({ where: { organizationId, instanceId, flowKey }, orderBy: { createdAt: "asc" } });

describe("schedule tick", () => {
  it("starts one execution per due time when two runners race for it", async () => {
    const { instance, firstDue } = await scheduledInstance();
    const now = new Date(firstDue + 5_000);
    const [a, b] = await Promise.all([fireDueSchedules({ now }), fireDueSchedules({ now })]);
    expect(firedFor(a, instance.id).length + firedFor(b, instance.id).length).toBe(1);

    const executions = await executionsOf(instance.id);
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({
      trigger: "schedule",
      input: { scheduledTime: new Date(firstDue).toISOString(), cron: "* * * * *", timezone: "UTC" },
    });
    const event = await db().event.findUniqueOrThrow({ where: { id: executions[0].eventId! } });
    expect(event).toMatchObject({ source: "schedule", verdict: "accepted", dedupeKey: `schedule:tick:${new Date(firstDue).toISOString()}` });
  });

  it("fires once per minute, and once (the latest) after downtime", async () => {
    const { instance, firstDue } = await scheduledInstance();
    await fireDueSchedules({ now: new Date(firstDue + 1_000) });
    await fireDueSchedules({ now: new Date(firstDue + 40_000) });
    expect(await executionsOf(instance.id)).toHaveLength(1);
    await fireDueSchedules({ now: new Date(firstDue + minute + 1_000) });
    expect(await executionsOf(instance.id)).toHaveLength(2);

    // Ten minutes without a tick: the next tick runs the latest missed minute only.
    const afterDowntime = await fireDueSchedules({ now: new Date(firstDue + 11 * minute + 30_000) });
    expect(firedFor(afterDowntime, instance.id).map((f) => f.dueAt)).toEqual([new Date(firstDue + 11 * minute)]);
    expect(await executionsOf(instance.id)).toHaveLength(3);
  });

  it("runs a schedule taken from the instance's config value", async () => {
    const { instance, firstDue } = await scheduledInstance();
    const result = await fireDueSchedules({ now: new Date(firstDue + 4 * minute + 1_000) });
    const fired = firedFor(result, instance.id, "configured");
    expect(fired).toHaveLength(1);
    expect(fired[0].dueAt.getUTCMinutes() % 2).toBe(0);
    expect((await executionsOf(instance.id, "configured"))[0].input).toMatchObject({ cron: "*/2 * * * *", timezone: "Europe/Paris" });
  });

  it("skips instances that are not active", async () => {
    const { instance, firstDue } = await scheduledInstance();
    await db().instance.update({ where: { id: instance.id }, data: { status: "paused" } });
    const result = await fireDueSchedules({ now: new Date(firstDue + 1_000) });
    expect(firedFor(result, instance.id)).toHaveLength(0);
  });
});
