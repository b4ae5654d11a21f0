import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { oauth2Method } from "@/server/connectors/framework/auth";
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { zendeskConnector } from "@/server/connectors/builtin/zendesk";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { connectAs, registerTestClient, sandboxConnection } from "@/server/sandbox/testing/sandbox-fixtures";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { verifyDelivery } from "@/server/verify/registry";

let sandbox: SandboxServer;
let receiver: LocalServer;
let zendesk: ReturnType<typeof sandboxConnection>;

beforeAll(async () => {
  await seedSandbox();
  sandbox = await startSandboxServer();
  receiver = await startLocalServer((_request, response) => response.writeHead(200).end("ok"));
  const grant = await connectAs("zendesk", SANDBOX_DEMO.zendesk.agent, await registerTestClient("zendesk"), "read write");
  zendesk = sandboxConnection(zendeskConnector, sandbox, "zendesk", grant.accessToken);
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

type Ticket = { id: number; status: string; externalId: string | null; subject: string };

describe("zendesk connector against the sandbox", () => {
  it("labels the account with the agent's email", async () => {
    const ctx = zendesk.context();
    const label = await resolveAccountLabel(oauth2Method(zendeskConnector.auth)!, { http: ctx.http, network: ctx.network, signal: ctx.signal });
    expect(label).toBe(SANDBOX_DEMO.zendesk.agent);
  });

  it("creates, finds, reads, updates, comments on and solves a ticket", async () => {
    const externalId = `github:${randomBytes(4).toString("hex")}`;
    const created = (await zendesk.action("createTicket", {
      subject: "Checkout fails",
      body: "500 on submit",
      externalId,
      priority: "high",
      requester: { name: "Casey", email: SANDBOX_DEMO.zendesk.requester },
    })) as Ticket;
    expect(created).toMatchObject({ subject: "Checkout fails", externalId, status: "open", priority: "high" });

    expect(await zendesk.action("findTicketByExternalId", { externalId })).toMatchObject({ found: true, ticket: { id: created.id } });
    expect(await zendesk.action("findTicketByExternalId", { externalId: "github:none" })).toEqual({ found: false });
    expect(await zendesk.action("getTicket", { ticketId: created.id })).toMatchObject({ found: true, ticket: { description: "500 on submit" } });
    expect(await zendesk.action("getTicket", { ticketId: 99_999_999 })).toEqual({ found: false });

    expect(await zendesk.action("updateTicket", { ticketId: created.id, subject: "Checkout fails on Safari", tags: ["github"] })).toMatchObject({
      subject: "Checkout fails on Safari",
      tags: ["github"],
    });
    expect(await zendesk.action("addComment", { ticketId: created.id, body: "Internal: linked to GitHub", visibility: "private" })).toMatchObject({
      public: false,
    });
    expect(await zendesk.action("solveTicket", { ticketId: created.id, comment: "Fixed in 1.2.3" })).toMatchObject({ status: "solved" });

    const comments = (await zendesk.context().http.get(`/api/v2/tickets/${created.id}/comments`)).body as {
      comments: Array<{ body: string; public: boolean }>;
    };
    expect(comments.comments.map((c) => [c.body, c.public])).toEqual([
      ["500 on submit", true],
      ["Internal: linked to GitHub", false],
      ["Fixed in 1.2.3", true],
    ]);
  });

  it("fires a trigger's webhook on an agent comment, signed so the zendesk verify preset accepts it", async () => {
    const endpoint = `${receiver.origin}/api/hooks/${randomBytes(6).toString("hex")}`;
    const webhook = (await zendesk.action("createWebhook", { name: "Switchyard", endpoint })) as { id: string; signingSecret: string };
    expect(webhook.signingSecret.length).toBeGreaterThan(20);
    const trigger = (await zendesk.action("createTrigger", {
      title: "Agent comments to Switchyard",
      webhookId: webhook.id,
      event: "comment_added_by_agent",
    })) as { id: number };

    const ticket = (await zendesk.action("createTicket", { subject: "Trigger test", body: "created", externalId: "github:trigger" })) as Ticket;
    await zendesk.action("addComment", { ticketId: ticket.id, body: 'Reply with "quotes"', visibility: "public" });
    await settleSandboxDeliveries();

    const received = receiver.requests.filter((r) => r.url === new URL(endpoint).pathname);
    // Creating the ticket is not a change, so only the comment fired the trigger.
    expect(received).toHaveLength(1);
    const body = JSON.parse(received[0].body) as { ticket: { id: string; external_id: string }; comment: { body: string }; current_user: { email: string } };
    expect(body).toMatchObject({
      ticket: { id: String(ticket.id), external_id: "github:trigger" },
      comment: { body: 'Reply with "quotes"' },
      current_user: { email: SANDBOX_DEMO.zendesk.agent },
    });
    const headers = Object.fromEntries(Object.entries(received[0].headers).map(([k, v]) => [k, String(v)]));
    const verdict = verifyDelivery(
      { method: "POST", url: endpoint, headers, rawBody: Buffer.from(received[0].body) },
      { preset: "zendesk" },
      [webhook.signingSecret],
      { now: () => new Date() },
    );
    expect(verdict).toEqual({ ok: true });
    expect(
      verifyDelivery({ method: "POST", url: endpoint, headers, rawBody: Buffer.from(received[0].body) }, { preset: "zendesk" }, ["another-secret"], {
        now: () => new Date(),
      }),
    ).toMatchObject({ ok: false });

    expect(await zendesk.action("deleteTrigger", { triggerId: trigger.id })).toEqual({ deleted: true });
    expect(await zendesk.action("deleteWebhook", { webhookId: webhook.id })).toEqual({ deleted: true });
    expect(await zendesk.action("deleteWebhook", { webhookId: webhook.id })).toEqual({ deleted: false });
    await zendesk.action("addComment", { ticketId: ticket.id, body: "after teardown" });
    await settleSandboxDeliveries();
    expect(receiver.requests.filter((r) => r.url === new URL(endpoint).pathname)).toHaveLength(1);
  });

  it("refuses a trigger with a condition the simulator does not know, naming the supported ones", async () => {
    const webhook = (await zendesk.action("createWebhook", { name: "w", endpoint: `${receiver.origin}/x` })) as { id: string };
    await expect(
      zendesk.action("createTrigger", { title: "t", webhookId: webhook.id, conditions: { all: [{ field: "organization_id", operator: "is", value: "1" }] } }),
    ).rejects.toThrow(/supported condition fields are update_type/);
  });

  it("exports tickets incrementally with a cursor until the end of the stream", async () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    const a = (await zendesk.action("createTicket", { subject: "export a", body: "a" })) as Ticket;
    const b = (await zendesk.action("createTicket", { subject: "export b", body: "b" })) as Ticket;
    const http = zendesk.context().http;
    const first = (await http.get("/api/v2/incremental/tickets/cursor", { query: { start_time: since, per_page: 1 } })).body as {
      tickets: Ticket[];
      after_cursor: string;
      end_of_stream: boolean;
    };
    const ids = [...first.tickets.map((t) => t.id)];
    let cursor = first.after_cursor;
    for (let end = first.end_of_stream; !end; ) {
      const page = (await http.get("/api/v2/incremental/tickets/cursor", { query: { cursor, per_page: 1 } })).body as typeof first;
      ids.push(...page.tickets.map((t) => t.id));
      cursor = page.after_cursor;
      end = page.end_of_stream;
    }
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(ids.indexOf(a.id)).toBeLessThan(ids.indexOf(b.id));
  });
});
