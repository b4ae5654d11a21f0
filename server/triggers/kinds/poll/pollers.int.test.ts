/**
 * The Zendesk and generic HTTP pollers and batching, polled directly (`runPoll`, as the worker's
 * poll job does) against the sandbox Zendesk and a local JSON API; executions are only recorded.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sendJson, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import { createTicket, updateTicket } from "@/server/sandbox/zendesk/zendesk.service";
import { findTicket } from "@/server/sandbox/zendesk/zendesk.repo";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, uniqueKey } from "@/server/testing/hooks";
import { deployWithSandboxConnection, organizationReaching, pollEnvironment, pollExecutions, pollState } from "@/server/testing/polling-fixtures";
import { runPoll } from "./run-poll";

const MINUTE = 60_000;
let sandbox: SandboxServer;
let api: LocalServer;
const organizations: string[] = [];

/** A JSON API with "updated since" (inclusive) listing and a header-cursor event feed. */
const orders: Array<{ id: string; updated_at: string; total: number }> = [];
const feed: Array<{ seq: number; kind: string }> = [];

beforeAll(async () => {
  sandbox = await startSandboxServer();
  api = await startLocalServer((request, response) => {
    const url = new URL(request.url, "http://api.test");
    if (url.pathname === "/v1/orders") {
      const since = url.searchParams.get("updated_since") ?? "";
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const matching = orders.filter((o) => o.updated_at >= since).sort((a, b) => a.updated_at.localeCompare(b.updated_at) || a.id.localeCompare(b.id));
      return sendJson(response, 200, { data: { orders: matching.slice(0, limit) }, has_more: matching.length > limit });
    }
    if (url.pathname === "/v1/events") {
      if (request.headers.authorization !== "Bearer feed-key") return sendJson(response, 401, { error: "unauthorized" });
      const after = Number(request.headers["x-after-seq"] ?? 0);
      const events = feed.filter((e) => e.seq > after);
      return sendJson(response, 200, events, { "x-next-seq": String(events.at(-1)?.seq ?? after) });
    }
    return sendJson(response, 404, { error: "not found" });
  });
});

afterAll(async () => {
  for (const id of organizations) await dropQueuedRuns(id);
  await sandbox.close();
  await api.close();
});

async function organization() {
  const org = await organizationReaching(sandbox.origin, api.origin);
  organizations.push(org.id);
  return org;
}

/** Polls the flow as its n-th minute's job would. */
function poller(organizationId: string, instance: { id: string; deployedAt: Date | null }, flowKey: string) {
  let minute = 1;
  return () =>
    runPoll(
      { organizationId, instanceId: instance.id, flowKey, dueAt: new Date(instance.deployedAt!.getTime() + minute++ * MINUTE).toISOString() },
      pollEnvironment,
    );
}

const flow = (trigger: string) => `key: ${uniqueKey("poll")}
name: Poll
connections: { zendesk: { connector: zendesk }, feed: { connector: http } }
flows:
  - key: changes
    trigger: ${trigger}
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

describe("pollers", () => {
  it("Zendesk: the incremental export starts one execution per new ticket, and only new ones", async () => {
    const workspace = `poll-${randomBytes(3).toString("hex")}`;
    const agent = await ensureSandboxAccount("zendesk", {
      login: `agent-${workspace}@acme.test`,
      name: "Poll Agent",
      email: `agent-${workspace}@acme.test`,
      workspace,
      role: "agent",
    });
    const org = await organization();
    const { instance } = await deployWithSandboxConnection({
      organizationId: org.id,
      manifest: flow("{ type: poll, connector: zendesk, poller: tickets, connection: zendesk, schedule: { every: 5m }, params: { on: created, perPage: 2 } }"),
      sandbox,
      provider: "zendesk",
      login: agent.login,
      key: "zendesk",
    });
    const poll = poller(org.id, instance, "changes");
    const tickets = [];
    for (const subject of ["Printer on fire", "Cannot log in", "Invoice wrong"])
      tickets.push(await createTicket(workspace, agent, { subject, comment: { body: subject, public: true } }));

    expect(await poll()).toMatchObject({ status: "polled", items: 3 });
    let executions = await pollExecutions(instance.id, "changes");
    expect(executions.map((e) => (e.input as { item: { subject: string } }).item.subject)).toEqual(["Printer on fire", "Cannot log in", "Invoice wrong"]);
    expect((await pollState(instance.id, "changes"))?.cursor).toEqual(expect.any(String));

    // An update is not a new ticket; a new one is.
    const first = (await findTicket(workspace, (tickets[0] as { id: number }).id))!;
    await updateTicket(workspace, first, agent, { status: "pending" });
    await createTicket(workspace, agent, { subject: "Refund please", comment: { body: "…", public: true } });
    expect(await poll()).toMatchObject({ status: "polled", executionIds: [expect.any(String)] });
    executions = await pollExecutions(instance.id, "changes");
    expect(executions.map((e) => (e.input as { item: { subject: string } }).item.subject).at(-1)).toBe("Refund please");
    expect(await poll()).toMatchObject({ status: "polled", executionIds: [] });
  });

  it("HTTP: items at a JSONPath, cursor from the items' updated_at sent as a query parameter, pages while has_more, versions as new items", async () => {
    const org = await organization();
    const { instance } = await deployIntegration({
      organizationId: org.id,
      manifest: flow(`
      type: poll
      connector: http
      poller: changes
      schedule: { cron: "*/5 * * * *" }
      params:
        url: ${api.origin}/v1/orders
        query: { limit: 3 }
        items: $.data.orders
        itemId: $.id
        itemVersion: $.updated_at
        cursor: { from: item, path: $.updated_at }
        sendCursor: { query: updated_since }
        initialCursor: "2026-01-01T00:00:00Z"
        hasMore: $.has_more`),
    });
    const poll = poller(org.id, instance, "changes");
    const prefix = randomBytes(2).toString("hex");
    const order = (id: string, updated_at: string) => ({ id: `${prefix}-${id}`, updated_at, total: 1 });
    // A full first page; the second asks again from 11:00, inclusive, so b and c come back and are skipped.
    orders.push(order("a", "2026-02-01T10:00:00Z"), order("b", "2026-02-01T11:00:00Z"), order("c", "2026-02-01T11:00:00Z"), order("e", "2026-02-01T11:30:00Z"));
    const ids = async () => (await pollExecutions(instance.id, "changes")).map((e) => (e.input as { itemId: string }).itemId.replace(`${prefix}-`, ""));

    expect(await poll()).toMatchObject({ status: "polled", items: 4 });
    expect(await ids()).toEqual(["a@2026-02-01T10:00:00Z", "b@2026-02-01T11:00:00Z", "c@2026-02-01T11:00:00Z", "e@2026-02-01T11:30:00Z"]);
    expect(await pollState(instance.id, "changes")).toMatchObject({
      cursor: "2026-02-01T11:30:00Z",
      boundary: { position: "2026-02-01T11:30:00Z", ids: [`${prefix}-e@2026-02-01T11:30:00Z`] },
    });

    expect(await poll()).toMatchObject({ status: "polled", items: 0 });
    // Another order at the cursor's very time, and a change to order a: both new, e is not.
    orders.push(order("d", "2026-02-01T11:30:00Z"));
    orders.find((o) => o.id === `${prefix}-a`)!.updated_at = "2026-02-01T12:00:00Z";
    expect(await poll()).toMatchObject({ status: "polled", items: 2 });
    expect((await ids()).slice(4)).toEqual(["d@2026-02-01T11:30:00Z", "a@2026-02-01T12:00:00Z"]);
    const sent = api.requests.filter((r) => r.url.startsWith("/v1/orders")).map((r) => new URL(r.url, "http://x").searchParams.get("updated_since"));
    expect(sent).toEqual(["2026-01-01T00:00:00Z", "2026-02-01T11:00:00Z", "2026-02-01T11:30:00Z", "2026-02-01T11:30:00Z"]);
  });

  it("HTTP with batches: the cursor from a response header, sent back as a header; up to 2 items per execution", async () => {
    const org = await organization();
    const { instance } = await deployIntegration({
      organizationId: org.id,
      manifest: flow(`
      type: poll
      connector: http
      poller: changes
      schedule: { every: 1m }
      params: { url: ${api.origin}/v1/events, headers: { Authorization: Bearer feed-key }, itemId: $.seq, cursor: { from: header, name: X-Next-Seq }, sendCursor: { header: X-After-Seq } }
      batch: { size: 2 }`),
    });
    const poll = poller(org.id, instance, "changes");
    const base = feed.length;
    feed.push(...["signup", "upgrade", "invoice", "churn", "signup"].map((kind, i) => ({ seq: base + i + 1, kind })));
    expect(await poll()).toMatchObject({ status: "polled", items: 5 });
    const executions = await pollExecutions(instance.id, "changes");
    expect(executions.map((e) => (e.input as { items: Array<{ kind: string }> }).items.map((i) => i.kind))).toEqual([
      ["signup", "upgrade"],
      ["invoice", "churn"],
      ["signup"],
    ]);
    expect((await pollState(instance.id, "changes"))?.cursor).toBe(String(base + 5));
    expect(await poll()).toMatchObject({ status: "polled", items: 0 });
  });

  it("a failing poll keeps its cursor and says why; bad params name the field", async () => {
    const org = await organization();
    const { instance } = await deployIntegration({
      organizationId: org.id,
      manifest: flow(
        `{ type: poll, connector: http, poller: changes, schedule: { every: 1m }, params: { url: "${api.origin}/v1/missing", itemId: $.id, cursor: { from: header, name: X-Next }, sendCursor: { query: after } } }`,
      ),
    });
    const poll = poller(org.id, instance, "changes");
    expect(await poll()).toMatchObject({ status: "failed", error: expect.stringContaining("404") });
    expect(await pollState(instance.id, "changes")).toMatchObject({ cursor: null, lastError: expect.stringContaining("404") });

    const broken = await deployIntegration({
      organizationId: org.id,
      manifest: flow(
        `{ type: poll, connector: http, poller: changes, schedule: { every: 1m }, params: { url: "${api.origin}/v1/orders", cursor: { from: header, name: X-Next }, sendCursor: { query: after } } }`,
      ),
    });
    expect(await poller(org.id, broken.instance, "changes")()).toMatchObject({
      status: "failed",
      error: expect.stringMatching(/invalid params for poller http\.changes: itemId/),
    });
  });
});
