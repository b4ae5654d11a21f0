/**
 * Rate limits and paused instances through the real route handler. The limits come from the
 * environment (server/env.ts), set here before the handler reads them.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/server/db/client";
import { pauseInstance, resumeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, postHook, uniqueKey } from "@/server/testing/hooks";

vi.stubEnv("WEBHOOK_RATE_LIMIT_BURST", "5");
// Slow enough that no token comes back while the test sends its burst, however slow the machine.
vi.stubEnv("WEBHOOK_RATE_LIMIT_PER_SECOND", "0.1");

const SECRET = "limits-secret-0123456789";
let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

async function instanceWithEndpoint() {
  const manifest = `key: ${uniqueKey("limits")}
name: Limits
flows:
  - key: hook
    trigger: { type: webhook, verify: { preset: github, secret: ${SECRET} } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
  const { instance } = await deployIntegration({ organizationId, manifest });
  return { instance, url: (await endpointUrls(organizationId, instance.id)).get("hook")! };
}

const deliver = (url: string, payload: unknown = { action: "opened" }) => {
  const delivery = githubDelivery(SECRET, payload);
  return postHook(url, { body: delivery.body, headers: delivery.headers });
};

describe("ingest limits", () => {
  it("answers 429 with Retry-After once an endpoint's burst is spent, per endpoint", async () => {
    const { url } = await instanceWithEndpoint();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await deliver(url)).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    const limited = await deliver(url);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(await limited.json()).toMatchObject({ error: { code: "TOO_MANY_REQUESTS" } });
    // Another endpoint has its own bucket.
    const other = await instanceWithEndpoint();
    expect((await deliver(other.url)).status).toBe(202);
  });

  it("answers 503 with Retry-After while the instance is paused, and records nothing", async () => {
    const { instance, url } = await instanceWithEndpoint();
    await pauseInstance(organizationId, instance.id);
    const response = await deliver(url);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(await db().event.count({ where: { instanceId: instance.id } })).toBe(0);
  });

  it("buffers deliveries while paused with buffering on, and runs them in order on resume", async () => {
    const { instance, url } = await instanceWithEndpoint();
    await pauseInstance(organizationId, instance.id, { buffer: true });
    const first = await deliver(url, { n: 1 });
    const second = await deliver(url, { n: 2 });
    expect(first.status).toBe(202);
    expect(await first.json()).toMatchObject({ status: "buffered" });
    expect(second.status).toBe(202);
    expect(await db().execution.count({ where: { instanceId: instance.id } })).toBe(0);
    expect((await db().event.findMany({ where: { instanceId: instance.id } })).map((e) => e.verdict)).toEqual(["buffered", "buffered"]);

    const released = await resumeInstance(organizationId, instance.id);
    expect(released.released).toBe(2);
    const executions = await db().execution.findMany({ where: { instanceId: instance.id }, orderBy: { createdAt: "asc" } });
    expect(executions.map((e) => (e.input as { body: { n: number } }).body.n)).toEqual([1, 2]);
    expect((await db().event.findMany({ where: { instanceId: instance.id } })).map((e) => e.verdict)).toEqual(["accepted", "accepted"]);
    // A second resume releases nothing twice.
    expect((await resumeInstance(organizationId, instance.id)).released).toBe(0);
    expect(await db().execution.count({ where: { instanceId: instance.id } })).toBe(2);
  });
});
