/**
 * The MCP server as an agent meets it: the SDK's own client over Streamable HTTP against
 * `/api/mcp` (the real handler, served with the REST API, ingest and sandbox providers on one
 * origin), for the deployed demo customer. Its tools act on the sandbox GitHub, Zendesk and Slack;
 * every call is an execution the console and the customer's embedded logs show.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { DEMO_EMBED_KID } from "@/server/modules/demo/seed-demo";
import { findActiveEmbedKey } from "@/server/modules/embed/embed-keys.repo";
import { signEmbedToken } from "@/server/modules/embed/embed-fixtures";
import { findRepo, findIssue } from "@/server/sandbox/github/github.repo";
import { revokePersonalToken } from "@/server/sandbox/oauth/personal-tokens";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { listMessages } from "@/server/sandbox/slack/slack.repo";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { callerAs } from "@/server/testing/factories";
import { startToolsWorld, type ToolsWorld } from "@/server/testing/tools-world";
import { waitFor } from "@/server/testing/test-worker";

let world: ToolsWorld;
let app: ToolsWorld["app"];
let organizationId: string;
let ownerId: string;
let apiKey: string;
let demo: ToolsWorld["demo"];

beforeAll(async () => {
  world = await startToolsWorld();
  ({ app, organizationId, ownerId, apiKey, demo } = world);
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

const connect = (headers: Record<string, string>) => world.mcpClient(headers);
const asVendor = () => world.mcpClient();

async function customerToken(claims: { scope?: string; customer?: string } = {}) {
  const key = await findActiveEmbedKey(organizationId, DEMO_EMBED_KID);
  return signEmbedToken(new TextEncoder().encode(openJson<string>(key!.secretEncrypted!)), "HS256", {
    organizationId,
    kid: DEMO_EMBED_KID,
    sub: "agent-user",
    customer: claims.customer ?? demo.externalId,
    ...(claims.scope !== undefined ? { scope: claims.scope } : {}),
  });
}

const textOf = (result: CallToolResult) => result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");

async function call(client: Client, name: string, args: Record<string, unknown>) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

describe("MCP server", () => {
  it("initializes, and lists the demo customer's tools with schemas and read-only/destructive annotations", async () => {
    const client = await asVendor();
    expect(client.getServerVersion()).toMatchObject({ name: "switchyard" });
    expect(client.getServerCapabilities()?.tools).toBeDefined();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual([
      "find_ticket_for_issue",
      "github_createIssue",
      "slack_postMessage",
      "zendesk_findTicketByExternalId",
      "zendesk_getTicket",
    ]);
    const createIssue = tools.find((t) => t.name === "github_createIssue")!;
    // The repository is fixed by the integration's settings: the agent neither sees nor gives it.
    expect(Object.keys(createIssue.inputSchema.properties ?? {}).sort()).toEqual(["body", "title"]);
    expect(createIssue.inputSchema.required).toEqual(["title"]);
    expect(createIssue.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(createIssue.description).toContain(`Runs as ${SANDBOX_DEMO.github.login}`);
    expect(tools.find((t) => t.name === "zendesk_getTicket")!.annotations).toMatchObject({ readOnlyHint: true, destructiveHint: false });
    expect(tools.find((t) => t.name === "find_ticket_for_issue")).toMatchObject({
      annotations: { readOnlyHint: true },
      inputSchema: { type: "object", properties: { issue: { type: "integer", minimum: 1 } }, required: ["issue"], additionalProperties: false },
    });
    await client.close();
  });

  it("creates an issue, finds its ticket, posts a message — each an execution in the console and the embedded logs", async () => {
    const client = await asVendor();
    const repo = (await findRepo("acme", "webapp"))!;

    const created = await call(client, "github_createIssue", { title: "Refund button missing", body: "Seen by an agent." });
    expect(created.isError, textOf(created)).toBeFalsy();
    const issue = created.structuredContent as { number: number; title: string };
    expect(issue.title).toBe("Refund button missing");
    expect((await findIssue(repo.id, issue.number))?.title).toBe("Refund button missing");

    // The integration's own webhook flow opens the Zendesk ticket for the new issue; the tool flow finds it.
    await settleSandboxDeliveries();
    const found = await waitFor(async () => {
      const result = await call(client, "find_ticket_for_issue", { issue: issue.number });
      return !result.isError && (result.structuredContent as { found: boolean }).found ? result : null;
    }, "the ticket for the new issue");
    const ticket = (found.structuredContent as { ticket: { id: number; subject: string } }).ticket;
    expect(ticket.subject).toContain("Refund button missing");
    const byExternalId = await call(client, "zendesk_findTicketByExternalId", { externalId: `github:${issue.number}` });
    expect(byExternalId.structuredContent).toMatchObject({ found: true, ticket: { id: ticket.id } });

    const general = SANDBOX_DEMO.slack.channels[0].id;
    const posted = await call(client, "slack_postMessage", { channel: general, text: `Ticket #${ticket.id} opened for issue #${issue.number}` });
    expect(posted.isError, textOf(posted)).toBeFalsy();
    expect((await listMessages(general, { take: 5 })).map((m) => m.text)).toContain(`Ticket #${ticket.id} opened for issue #${issue.number}`);

    // Recorded like any flow run: the console lists them, with steps and HTTP records without the tokens.
    const executionId = (created._meta as { executionId: string }).executionId;
    const owner = callerAs({ userId: ownerId });
    const detail = await owner.executions.get({ id: executionId });
    expect(detail).toMatchObject({
      trigger: "action",
      flowKey: "tool.github_createIssue",
      status: "succeeded",
      input: { title: "Refund button missing", repo: "acme/webapp" },
    });
    expect(detail.steps).toHaveLength(1);
    expect(JSON.stringify(detail.steps[0])).toContain("/repos/acme/webapp/issues");
    expect(JSON.stringify(detail)).not.toContain(demo.tokens.github.token);
    const listed = await owner.executions.list({ customerId: demo.customer.id, limit: 50 });
    expect(listed.data.map((e) => e.trigger)).toEqual(expect.arrayContaining(["action", "tool"]));

    // And the customer's embedded logs show the same runs.
    const { sessionToken } = await callerAs({}).embed.exchange({ token: await customerToken(), parentOrigin: new URL(app.origin).origin });
    const logs = await callerAs({ bearer: sessionToken }).embed.logs.list({ limit: 50 });
    expect(logs.items.map((e) => e.id)).toContain(executionId);
    expect(logs.items.filter((e) => e.trigger === "action").map((e) => e.flowKey)).toEqual(
      expect.arrayContaining(["tool.github_createIssue", "tool.zendesk_findTicketByExternalId", "tool.slack_postMessage"]),
    );
    // Told in the integration's words; the demo's vendor does not show customers steps (customerLogs).
    const view = await callerAs({ bearer: sessionToken }).embed.logs.detail({ executionId });
    expect(view).toMatchObject({ status: "succeeded", flowName: "github_createIssue", showSteps: false, steps: [], graph: null });
    // The console draws the tool's one-state flow with the path taken.
    const graph = await owner.executions.graph({ id: executionId });
    expect(graph?.nodes).toEqual([expect.objectContaining({ name: "github.createIssue", visited: true, failed: false })]);
    await client.close();
  });

  it("answers a validation error, a provider 4xx and a revoked connection as tool errors that say what went wrong", async () => {
    const client = await asVendor();
    const missing = await call(client, "github_createIssue", { body: "no title" });
    expect(missing.isError).toBe(true);
    expect(textOf(missing)).toMatch(/^validation error: Invalid input for github_createIssue: title: /);
    const fixed = await call(client, "github_createIssue", { title: "x", repo: "acme/api" });
    expect(textOf(fixed)).toContain("repo is set by the integration and cannot be given");
    const flowInput = await call(client, "find_ticket_for_issue", { issue: "seven" });
    expect(textOf(flowInput)).toBe("validation error: Invalid input for find_ticket_for_issue: issue: must be integer");

    // Zendesk's 404 for a ticket is an answer of the action ({ found: false }); Slack's 4xx for a channel is not.
    expect((await call(client, "zendesk_getTicket", { ticketId: 987654 })).structuredContent).toEqual({ found: false });
    const notFound = await call(client, "slack_postMessage", { channel: "C0NOSUCH1", text: "hello?" });
    expect(notFound.isError).toBe(true);
    expect(textOf(notFound)).toMatch(/^provider error: Slack answered chat.postMessage: channel_not_found \(execution [0-9a-f-]{36}\)$/);
    const failed = await db().execution.findFirst({ where: { id: (notFound._meta as { executionId: string }).executionId } });
    expect(failed).toMatchObject({ status: "failed", trigger: "action" });

    expect(await revokePersonalToken("slack", demo.tokens.slack.token)).toBe(true);
    const revoked = await call(client, "slack_postMessage", { channel: SANDBOX_DEMO.slack.channels[0].id, text: "after revocation" });
    expect(revoked.isError).toBe(true);
    expect(textOf(revoked)).toMatch(/^auth error: Slack answered chat.postMessage: invalid_auth/);
    expect(textOf(revoked)).not.toContain(demo.tokens.slack.token);
    await client.close();
  });

  it("takes a customer token signed with the embed key when it carries scope mcp, and refuses one without", async () => {
    const client = await connect({ authorization: `Bearer ${await customerToken({ scope: "mcp" })}` });
    expect((await client.listTools()).tools.map((t) => t.name)).toContain("github_createIssue");
    await client.close();

    await expect(connect({ authorization: `Bearer ${await customerToken()}` })).rejects.toThrow(/does not allow MCP/);

    const answer = await fetch(`${app.origin}/api/mcp`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream" },
      body: "{}",
    });
    expect(answer.status).toBe(401);
    expect(answer.headers.get("www-authenticate")).toBe('Bearer realm="switchyard"');
    const wrongCustomer = await fetch(`${app.origin}/api/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "x-switchyard-customer": "nobody-here",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(wrongCustomer.status).toBe(404);
    expect((await wrongCustomer.json()).error.message).toBe('No customer with the external id "nobody-here" in this organization.');
    const foreignPage = await fetch(`${app.origin}/api/mcp`, {
      method: "POST",
      headers: {
        authorization: `Bearer ${apiKey}`,
        "x-switchyard-customer": demo.externalId,
        origin: "https://evil.example",
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
      },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/list" }),
    });
    expect(foreignPage.status).toBe(403);
  });
});
