/**
 * The ingest through the real route handler on a real Postgres: verification, challenges,
 * match, dedupe, rejections, unknown and rotated tokens, dispatch, and a database outage.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { webhookSettings } from "@/server/env";
import { rotateEndpointToken } from "@/server/modules/endpoints/endpoints.service";
import { reconfigureInstance } from "@/server/modules/instances/instance-config.service";
import { pauseInstance, resumeInstance } from "@/server/modules/instances/instance-lifecycle.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { signSlackRequest } from "@/server/verify/slack";

const SECRET = "gh-webhook-secret-0123456789";
let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
});

afterAll(() => dropQueuedRuns(organizationId));

const githubManifest = () => githubIssuesManifest(uniqueKey("gh"));

async function githubInstance() {
  const { instance } = await deployIntegration({ organizationId, manifest: githubManifest(), config: { webhookSecret: SECRET } });
  return { instance, url: (await endpointUrls(organizationId, instance.id)).get("issues")! };
}

const executionsOf = (instanceId: string) => db().execution.findMany({ where: { organizationId, instanceId }, orderBy: { createdAt: "asc" } });
const eventsOf = (instanceId: string) => db().event.findMany({ where: { organizationId, instanceId }, orderBy: { receivedAt: "asc" } });

describe("webhook ingest", () => {
  it("starts the flow for a signed GitHub delivery, and the same X-GitHub-Delivery again starts nothing", async () => {
    const { instance, url } = await githubInstance();
    expect(url).toMatch(new RegExp(`^${webhookSettings().publicUrl}/api/hooks/[A-Za-z0-9_-]{32}$`));
    const delivery = githubDelivery(SECRET, { action: "opened", issue: { number: 7, title: "Broken build" } });

    const first = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(first.status).toBe(202);
    const accepted = (await first.json()) as { executionId: string; eventId: string };
    const [execution] = await executionsOf(instance.id);
    expect(execution.id).toBe(accepted.executionId);
    expect(execution).toMatchObject({ flowKey: "issues", trigger: "webhook", status: "queued", eventId: accepted.eventId });
    expect(execution.input).toMatchObject({
      body: { issue: { title: "Broken build" } },
      headers: { "x-github-event": "issues", "x-hub-signature-256": "[redacted]" },
    });

    const again = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: "duplicate", duplicateOf: accepted.eventId });
    expect(await executionsOf(instance.id)).toHaveLength(1);
    const events = await eventsOf(instance.id);
    expect(events.map((e) => [e.verdict, e.dedupeKey])).toEqual([
      ["accepted", delivery.deliveryId],
      ["duplicate", delivery.deliveryId],
    ]);
    expect(events[1].reason).toContain(accepted.eventId);
  });

  it("commits concurrent deliveries together: each 202 has its execution, and copies of one delivery start it once", async () => {
    const { instance, url } = await githubInstance();
    const distinct = Array.from({ length: 30 }, (_, i) => githubDelivery(SECRET, { action: "opened", issue: { number: 100 + i } }));
    const repeated = githubDelivery(SECRET, { action: "opened", issue: { number: 99 } });
    const responses = await Promise.all([
      ...distinct.map((d) => postHook(url, { body: d.body, headers: d.headers })),
      ...Array.from({ length: 10 }, () => postHook(url, { body: repeated.body, headers: repeated.headers })),
    ]);
    const answers = await Promise.all(responses.map(async (r) => ({ status: r.status, body: (await r.json()) as { executionId?: string; status?: string } })));
    expect(answers.slice(0, 30).every((a) => a.status === 202)).toBe(true);
    const copies = answers.slice(30);
    expect(copies.filter((a) => a.status === 202)).toHaveLength(1);
    expect(copies.filter((a) => a.status === 200 && a.body.status === "duplicate")).toHaveLength(9);

    const executions = await executionsOf(instance.id);
    expect(executions).toHaveLength(31);
    expect(new Set(executions.map((e) => e.id))).toEqual(new Set(answers.filter((a) => a.status === 202).map((a) => a.body.executionId)));
    expect(executions.every((e) => e.status === "queued" && e.currentState === "Done" && e.eventId)).toBe(true);
    const jobs = await db().$queryRaw<{ key: string }[]>`SELECT key FROM graphile_worker.jobs WHERE key = ANY(${executions.map((e) => `exec:${e.id}`)})`;
    expect(jobs).toHaveLength(31);
  });

  it("refuses a tampered copy with 401 and records it as rejected, signature redacted and body kept", async () => {
    const { instance, url } = await githubInstance();
    const delivery = githubDelivery(SECRET, { action: "opened", issue: { number: 8 } });
    const tampered = Buffer.from(delivery.body.toString().replace('"number":8', '"number":9'));

    const response = await postHook(url, { body: tampered, headers: delivery.headers });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("UNAUTHORIZED");
    expect(body.error.message).toMatch(/signature does not match/);
    expect(JSON.stringify(body)).not.toContain(SECRET);

    expect(await executionsOf(instance.id)).toHaveLength(0);
    const [event] = await eventsOf(instance.id);
    expect(event.verdict).toBe("rejected");
    expect(event.reason).toMatch(/signature does not match/);
    expect((event.headers as Record<string, string>)["x-hub-signature-256"]).toBe("[redacted]");
    expect((event.headers as Record<string, string>)["x-github-delivery"]).toBe(delivery.deliveryId);
    expect(Buffer.from(event.body!).equals(tampered)).toBe(true);
  });

  it("records a delivery the match filter refuses as filtered and answers 200", async () => {
    const { instance, url } = await githubInstance();
    const delivery = githubDelivery(SECRET, { ref: "main" }, { event: "push" });
    const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "filtered", reason: expect.stringContaining("$.headers.x-github-event") });
    expect(await executionsOf(instance.id)).toHaveLength(0);
    expect((await eventsOf(instance.id)).map((e) => e.verdict)).toEqual(["filtered"]);
  });

  it("answers Slack's url_verification with its challenge and starts nothing", async () => {
    const manifest = `key: ${uniqueKey("slack")}
name: Slack events
flows:
  - key: events
    trigger: { type: webhook, verify: { preset: slack, secret: slack-signing-secret } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const { instance } = await deployIntegration({ organizationId, manifest });
    const url = (await endpointUrls(organizationId, instance.id)).get("events")!;
    const body = Buffer.from(JSON.stringify({ token: "t", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", type: "url_verification" }));
    const timestamp = Math.floor(Date.now() / 1000);
    const response = await postHook(url, {
      body,
      headers: {
        "content-type": "application/json",
        "x-slack-request-timestamp": String(timestamp),
        "x-slack-signature": signSlackRequest("slack-signing-secret", body, timestamp),
      },
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(await executionsOf(instance.id)).toHaveLength(0);
  });

  it("answers 413 past the size limit, whether declared or streamed without a length", async () => {
    const { url } = await githubInstance();
    const limit = webhookSettings().maxBodyBytes;
    const declared = await postHook(url, { body: Buffer.alloc(limit + 1, 0x61), headers: { "content-type": "application/json" } });
    expect(declared.status).toBe(413);
    expect(((await declared.json()) as { error: { code: string } }).error.code).toBe("PAYLOAD_TOO_LARGE");

    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 64 * 1024;
        controller.enqueue(new Uint8Array(64 * 1024));
        if (pulled > limit * 4) controller.close();
      },
    });
    const streamed = await postHook(url, { body: stream, duplex: "half" });
    expect(streamed.status).toBe(413);
    // Reading stopped at the limit instead of draining the whole body.
    expect(pulled).toBeLessThan(limit * 2);
  });

  it("answers 404 with a JSON error for an unknown token, and for a rotated one", async () => {
    const unknown = await postHook(`${webhookSettings().publicUrl}/api/hooks/${"x".repeat(32)}`, { body: "{}" });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: "NOT_FOUND", message: expect.stringMatching(/No webhook endpoint/) } });

    const { instance, url } = await githubInstance();
    // Delivered to once, so this process knows the endpoint: the rotation must still take effect at once.
    const before = githubDelivery(SECRET, { action: "opened" });
    expect((await postHook(url, { body: before.body, headers: before.headers })).status).toBe(202);
    const endpoint = await db().endpoint.findFirstOrThrow({ where: { instanceId: instance.id } });
    const rotated = await rotateEndpointToken(organizationId, endpoint.id, webhookSettings().publicUrl);
    expect(rotated.url).not.toBe(url);
    const delivery = githubDelivery(SECRET, { action: "opened" });
    expect((await postHook(url, { body: delivery.body, headers: delivery.headers })).status).toBe(404);
    expect((await postHook(rotated.url, { body: delivery.body, headers: delivery.headers })).status).toBe(202);
  });

  it("sees a changed secret and a paused instance on the very next delivery to an endpoint it already knows", async () => {
    const { instance, url } = await githubInstance();
    const deliver = (secret: string) => {
      const delivery = githubDelivery(secret, { action: "opened" });
      return postHook(url, { body: delivery.body, headers: delivery.headers });
    };
    expect((await deliver(SECRET)).status).toBe(202);

    const newSecret = "gh-webhook-secret-rotated-987654";
    await reconfigureInstance(organizationId, instance.id, { webhookSecret: newSecret });
    expect((await deliver(newSecret)).status).toBe(202);
    expect((await deliver(SECRET)).status).toBe(401);

    await pauseInstance(organizationId, instance.id);
    const paused = await deliver(newSecret);
    expect(paused.status).toBe(503);
    await resumeInstance(organizationId, instance.id);
    expect((await deliver(newSecret)).status).toBe(202);
    expect(await executionsOf(instance.id)).toHaveLength(3);
    expect((await eventsOf(instance.id)).map((e) => e.verdict)).toEqual(["accepted", "accepted", "rejected", "accepted"]);
  });

  it("refuses methods other than POST and GET handshakes", async () => {
    const { url } = await githubInstance();
    const response = await postHook(url, { method: "GET" });
    expect(response.status).toBe(401); // a GET that is no handshake fails verification like any unsigned request
    const put = await postHook(url, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
  });

  it("dispatches a per-instance endpoint's events to subscribed flows (ZIS JobSpec style)", async () => {
    const manifest = `key: ${uniqueKey("zis")}
name: ZIS-style dispatch
endpoints: { mode: per-instance, verify: { scheme: header, header: X-Token, secret: dispatch-token }, dispatch: { eventTypePath: $.event_type, eventSourcePath: $.event_source } }
subscriptions:
  - { name: on-ticket, event_source: support, event_type: ticket.TicketCreated, flow: ticketCreated }
flows:
  - key: ticketCreated
    trigger: { type: event }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const { instance } = await deployIntegration({ organizationId, manifest });
    const url = (await endpointUrls(organizationId, instance.id)).get(null)!;
    const send = (payload: unknown) =>
      postHook(url, { body: JSON.stringify(payload), headers: { "content-type": "application/json", "x-token": "dispatch-token" } });

    const created = await send({ event_source: "support", event_type: "ticket.TicketCreated", input: { ticket: { id: 42 } } });
    expect(created.status).toBe(202);
    const [execution] = await executionsOf(instance.id);
    expect(execution).toMatchObject({ flowKey: "ticketCreated", input: { input: { ticket: { id: 42 } } } });

    const other = await send({ event_source: "support", event_type: "ticket.CommentAdded" });
    expect(other.status).toBe(200);
    expect(await other.json()).toMatchObject({ status: "filtered", reason: 'no flow subscribes to event type "ticket.CommentAdded" from "support"' });
    const events = await eventsOf(instance.id);
    expect(events.map((e) => [e.verdict, e.eventType])).toEqual([
      ["accepted", "ticket.TicketCreated"],
      ["filtered", "ticket.CommentAdded"],
    ]);
  });

  describe("with the database down", () => {
    afterAll(() => useDatabase(inject("databaseUrl")));

    it("answers 503 with Retry-After, not a 500 with a stack", async () => {
      const { url } = await githubInstance();
      useDatabase("postgres://nobody:nothing@127.0.0.1:1/switchyard");
      const delivery = githubDelivery(SECRET, { action: "opened" });
      const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
      expect(response.status).toBe(503);
      expect(response.headers.get("retry-after")).toBe("30");
      const text = await response.text();
      expect(text).toContain("SERVICE_UNAVAILABLE");
      expect(text).not.toMatch(/at .*\.ts:\d+/);
    });
  });
});
