/**
 * Retention: old events, executions, step runs and resolved incidents go; recent ones, running and
 * waiting executions, open incidents, buffered events and organizations with a longer period keep
 * theirs; every delete is a bounded batch.
 */
import { randomBytes } from "node:crypto";
import type { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { manualManifest } from "@/server/api/testing/call-route";
import { db } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";
import { recordEvent, REJECTED_DELIVERIES_KEPT_PER_ENDPOINT } from "@/server/modules/events/events.repo";
import { addMember, callerAs, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { applyRetention } from "./retention.service";

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-11-23T12:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

async function deployed(retentionDays?: number) {
  const { organization, user } = await createOrganizationWithMember();
  if (retentionDays) await db().organization.update({ where: { id: organization.id }, data: { retentionDays } });
  const { instance, version } = await deployIntegration({
    organizationId: organization.id,
    manifest: manualManifest(uniqueKey("retain")),
    config: { greeting: "Hi" },
  });
  return { organization, user, instance, version };
}

type World = Awaited<ReturnType<typeof deployed>>;

async function execution(
  world: World,
  options: { status: ExecutionStatus; createdDaysAgo: number; finishedDaysAgo?: number; steps?: number; eventId?: string },
) {
  const created = await db().execution.create({
    data: {
      organizationId: world.organization.id,
      customerId: world.instance.customerId,
      instanceId: world.instance.id,
      integrationVersionId: world.version.id,
      flowKey: "hello",
      trigger: "manual",
      status: options.status,
      input: { name: "x" },
      eventId: options.eventId,
      createdAt: daysAgo(options.createdDaysAgo),
      finishedAt: options.finishedDaysAgo === undefined ? null : daysAgo(options.finishedDaysAgo),
    },
  });
  for (let sequence = 0; sequence < (options.steps ?? 0); sequence++) {
    await db().stepRun.create({
      data: {
        organizationId: world.organization.id,
        executionId: created.id,
        sequence,
        stateName: `S${sequence}`,
        stateType: "Task",
        status: "succeeded",
        calls: [{ method: "GET", url: "https://api.example.test/", status: 200 }],
        startedAt: daysAgo(options.createdDaysAgo),
        durationMs: 5,
      },
    });
  }
  return created.id;
}

async function event(world: World, receivedDaysAgo: number, verdict: "accepted" | "buffered" | "rejected" = "accepted") {
  const row = await db().event.create({
    data: {
      organizationId: world.organization.id,
      instanceId: world.instance.id,
      source: "test",
      verdict,
      receivedAt: daysAgo(receivedDaysAgo),
      dedupeKey: randomBytes(6).toString("hex"),
    },
  });
  return row.id;
}

const exists = async (ids: { executions?: string[]; events?: string[] }) => ({
  executions: (await db().execution.findMany({ where: { id: { in: ids.executions ?? [] } }, select: { id: true } })).map((r) => r.id).sort(),
  events: (await db().event.findMany({ where: { id: { in: ids.events ?? [] } }, select: { id: true } })).map((r) => r.id).sort(),
});

describe("retention", () => {
  it("deletes what is older than the organization's retention, in bounded batches, and keeps the rest", async () => {
    const thirty = await deployed(); // default: 30 days
    const ninety = await deployed(90);
    expect((await db().organization.findUniqueOrThrow({ where: { id: thirty.organization.id } })).retentionDays).toBe(30);

    const oldEvent = await event(thirty, 40);
    const oldFinished = [];
    for (let i = 0; i < 7; i++)
      oldFinished.push(
        await execution(thirty, {
          status: i % 2 ? "failed" : "succeeded",
          createdDaysAgo: 45,
          finishedDaysAgo: 41,
          steps: 4,
          eventId: i === 0 ? oldEvent : undefined,
        }),
      );
    const oldCancelled = await execution(thirty, { status: "cancelled", createdDaysAgo: 60, finishedDaysAgo: 59, steps: 1 });
    // Started long ago but still going, or finished within the period: kept.
    const oldRunning = await execution(thirty, { status: "running", createdDaysAgo: 50, steps: 3, eventId: await event(thirty, 50) });
    const oldWaiting = await execution(thirty, { status: "waiting", createdDaysAgo: 50, steps: 2 });
    const oldQueued = await execution(thirty, { status: "queued", createdDaysAgo: 50 });
    const finishedRecently = await execution(thirty, { status: "succeeded", createdDaysAgo: 40, finishedDaysAgo: 2, steps: 2 });
    const recent = await execution(thirty, { status: "succeeded", createdDaysAgo: 1, finishedDaysAgo: 1, steps: 2 });
    const oldEvents = [oldEvent, await event(thirty, 31), await event(thirty, 100, "rejected")];
    const buffered = await event(thirty, 45, "buffered");
    const recentEvent = await event(thirty, 29);
    // The same ages in an organization that keeps 90 days: nothing goes.
    const otherOld = await execution(ninety, { status: "succeeded", createdDaysAgo: 45, finishedDaysAgo: 41, steps: 3 });
    const otherEvent = await event(ninety, 40);
    const otherAncient = await execution(ninety, { status: "failed", createdDaysAgo: 95, finishedDaysAgo: 91, steps: 2 });

    const report = await applyRetention({ now: NOW, batchSize: 3 });

    const kept = [oldRunning, oldWaiting, oldQueued, finishedRecently, recent, otherOld];
    const after = await exists({
      executions: [...oldFinished, oldCancelled, ...kept, otherAncient],
      events: [...oldEvents, buffered, recentEvent, otherEvent],
    });
    expect(after.executions).toEqual([...kept].sort());
    expect(after.events).toEqual([buffered, recentEvent, otherEvent].sort());
    // Step runs (and the HTTP calls they recorded) went with their executions; the others' stayed.
    expect(await db().stepRun.count({ where: { executionId: { in: [...oldFinished, oldCancelled, otherAncient] } } })).toBe(0);
    expect(await db().stepRun.count({ where: { executionId: { in: kept } } })).toBe(3 + 2 + 0 + 2 + 2 + 3);
    // The running execution lost its (expired) event, not its input.
    expect(await db().execution.findUniqueOrThrow({ where: { id: oldRunning } })).toMatchObject({ eventId: null, input: { name: "x" }, status: "running" });

    expect(report.executions).toBeGreaterThanOrEqual(9);
    expect(report.stepRuns).toBeGreaterThanOrEqual(7 * 4 + 1 + 2);
    expect(report.largestBatch).toBeLessThanOrEqual(3);
    expect(report.batches).toBeGreaterThanOrEqual(Math.ceil((7 * 4 + 1 + 2) / 3) + 3);

    // A second run finds nothing more of these.
    await applyRetention({ now: NOW, batchSize: 3 });
    expect((await exists({ executions: kept })).executions).toEqual([...kept].sort());
  });

  it("stops a run after the batch budget and finishes on the next run", async () => {
    const world = await deployed();
    const old = [];
    for (let i = 0; i < 6; i++) old.push(await execution(world, { status: "succeeded", createdDaysAgo: 40, finishedDaysAgo: 40 }));
    await applyRetention({ now: NOW, batchSize: 2, maxBatches: 1 });
    expect((await exists({ executions: old })).executions.length).toBe(4);
    await applyRetention({ now: NOW, batchSize: 2, maxBatches: 5 });
    expect((await exists({ executions: old })).executions).toEqual([]);
  });

  it("deletes incidents resolved before the retention period, with their notifications, and keeps open ones however old", async () => {
    const world = await deployed(7);
    const organizationId = world.organization.id;
    const rule = await db().alertRule.create({ data: { organizationId, name: "Failures", condition: "execution_failed" } });
    const incident = (status: "open" | "resolved", openedDaysAgo: number, resolvedDaysAgo?: number) =>
      db().incident.create({
        data: {
          organizationId,
          ruleId: rule.id,
          subjectKey: `instance:${world.instance.id}`,
          title: "A run failed",
          summary: "Zendesk refused the comment",
          status,
          openedAt: daysAgo(openedDaysAgo),
          lastSeenAt: daysAgo(resolvedDaysAgo ?? 0),
          resolvedAt: resolvedDaysAgo === undefined ? null : daysAgo(resolvedDaysAgo),
          notifications: {
            create: { organizationId, channelName: "ops", channelKind: "webhook", event: "opened", status: "sent", sentAt: daysAgo(openedDaysAgo) },
          },
        },
      });
    const old = await incident("resolved", 20, 10);
    const recent = await incident("resolved", 20, 3);
    const stillOpen = await incident("open", 40);

    const report = await applyRetention({ now: NOW, batchSize: 3 });

    expect(report.incidents).toBeGreaterThanOrEqual(1);
    const left = await db().incident.findMany({ where: { ruleId: rule.id }, select: { id: true } });
    expect(left.map((i) => i.id).sort()).toEqual([recent.id, stillOpen.id].sort());
    expect(await db().incidentNotification.count({ where: { incidentId: old.id } })).toBe(0);
  });

  it("deletes expired REST idempotency keys", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = (name: string, hoursAgo: number) =>
      db().idempotencyKey.create({
        data: {
          organizationId: organization.id,
          scope: "POST /api/v1/customers",
          key: name,
          requestHash: "h",
          createdAt: new Date(NOW.getTime() - hoursAgo * 3600_000),
        },
      });
    const expired = await key("old", 30);
    const fresh = await key("new", 2);
    const report = await applyRetention({ now: NOW, batchSize: 3 });
    expect(report.idempotencyKeys).toBeGreaterThanOrEqual(1);
    expect((await db().idempotencyKey.findMany({ where: { id: { in: [expired.id, fresh.id] } } })).map((k) => k.id)).toEqual([fresh.id]);
  });

  it("keeps only the newest rejected deliveries of an endpoint", async () => {
    const world = await deployed();
    const endpoint = await db().endpoint.create({
      data: { organizationId: world.organization.id, instanceId: world.instance.id, token: randomBytes(12).toString("hex") },
    });
    const record = { organizationId: world.organization.id, instanceId: world.instance.id, endpointId: endpoint.id, source: "hostile", body: Buffer.from("x") };
    const ids: string[] = [];
    for (let i = 0; i < REJECTED_DELIVERIES_KEPT_PER_ENDPOINT + 15; i++) ids.push(await recordEvent({ ...record, reason: `bad signature ${i}` }, "rejected"));
    const accepted = await event(world, 0);
    await db().event.update({ where: { id: accepted }, data: { endpointId: endpoint.id } });
    await recordEvent({ ...record, reason: "one more" }, "rejected");

    const rejected = await db().event.findMany({ where: { endpointId: endpoint.id, verdict: "rejected" }, select: { id: true, reason: true } });
    expect(rejected.length).toBe(REJECTED_DELIVERIES_KEPT_PER_ENDPOINT);
    expect(rejected.map((r) => r.reason)).toContain("one more");
    expect(rejected.map((r) => r.id)).not.toContain(ids[0]);
    // Other verdicts are not part of the cap.
    expect(await db().event.count({ where: { id: accepted } })).toBe(1);
  });

  it("lets owners and admins change the period, not support, and only to a sensible number of days", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const owner = callerAs({ userId: user.id });
    const admin = callerAs({ userId: (await addMember(organization.id, "admin")).id });
    const support = callerAs({ userId: (await addMember(organization.id, "support")).id });
    expect(await support.organization.settings()).toEqual({ retentionDays: 30 });
    expect(await owner.organization.saveSettings({ retentionDays: 7 })).toEqual({ retentionDays: 7 });
    expect(await admin.organization.saveSettings({ retentionDays: 14 })).toEqual({ retentionDays: 14 });
    expect((await owner.organization.current()).retentionDays).toBe(14);
    const refused = await support.organization.saveSettings({ retentionDays: 1 }).catch((e: unknown) => e);
    expect((refused as TRPCError).code).toBe("FORBIDDEN");
    for (const bad of [0, 3651, 1.5]) {
      const error = await owner.organization.saveSettings({ retentionDays: bad }).catch((e: unknown) => e);
      expect((error as TRPCError).code).toBe("BAD_REQUEST");
    }
    expect(await owner.organization.settings()).toEqual({ retentionDays: 14 });
  });
});
