/**
 * The actions API (`/api/v1/customers/{id}/actions` and tRPC `api.actions`) for the deployed demo
 * customer: the listing grouped by connection, connector actions run on the sandbox providers,
 * a tool flow with its input checked against its JSON Schema, one action exposed by two
 * integrations (the caller names the connection), and the per-customer rate limit.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actionOperations } from "@/server/api/operations/actions";
import { db } from "@/server/db/client";
import { handleMcpRequest } from "@/server/mcp/mcp-server";
import { createInstance } from "@/server/modules/instances/instances.service";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { callTool } from "@/server/triggers/kinds/tool/tool-calls";
import { findIssue, findRepo } from "@/server/sandbox/github/github.repo";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { callerAs } from "@/server/testing/factories";
import { waitFor } from "@/server/testing/test-worker";
import { startToolsWorld, type ToolsWorld } from "@/server/testing/tools-world";
import { callRoute } from "./testing/call-route";

const { list: GET, run: POST } = actionOperations;

/** A second integration exposing github.createIssue, without a fixed repository. */
const TRIAGE = `key: triage
name: Triage
connections: { github: { connector: github } }
flows:
  - { key: noop, trigger: { type: manual }, StartAt: Done, States: { Done: { Type: Succeed } } }
tools:
  - action: github.createIssue
  - action: github.getIssue
    description: Reads an issue of any repository the account can see.
`;

/** A tool flow that takes longer than its caller waits: it parks on a timer, and a worker finishes it. */
const REPORTS = `key: reports
name: Reports
flows:
  - key: weeklyReport
    description: Builds the weekly report; it takes a moment.
    trigger:
      type: tool
      name: weekly_report
      readOnly: true
      timeoutMs: 300
      inputSchema: { type: object, properties: { week: { type: integer, minimum: 1, maximum: 53 } }, required: [week], additionalProperties: false }
    StartAt: Gather
    States:
      Gather: { Type: Wait, Seconds: 1, Next: Report }
      Report: { Type: Pass, Parameters: { "week.$": "$.week", rows: 3 }, End: true }
`;

let world: ToolsWorld;
let organizationId: string;
let apiKey: string;
let demo: ToolsWorld["demo"];

beforeAll(async () => {
  world = await startToolsWorld();
  ({ organizationId, apiKey, demo } = world);
}, 120_000);

afterAll(async () => {
  await world?.stop();
});

const path = () => `/api/v1/customers/${demo.customer.id}/actions`;
const run = (body: unknown) => callRoute(POST, path(), { key: apiKey, params: { id: demo.customer.id }, body });

describe("actions API", () => {
  it("lists what the customer can run, grouped by connection, with JSON Schema inputs from the actions' zod schemas", async () => {
    const { status, json } = await callRoute(GET, path(), { key: apiKey, params: { id: demo.customer.id } });
    expect(status).toBe(200);
    const groups = json.connections.map(
      (c: { connector: string; id: string; accountLabel: string; integration: { key: string }; tools: { name: string }[] }) => ({
        connector: c.connector,
        id: c.id,
        integration: c.integration.key,
        tools: c.tools.map((t) => t.name),
      }),
    );
    expect(groups).toEqual(
      expect.arrayContaining([
        { connector: "github", id: demo.connections.github.id, integration: "github-zendesk", tools: ["github_createIssue"] },
        { connector: "slack", id: demo.connections.slack.id, integration: "github-slack", tools: ["slack_postMessage"] },
        {
          connector: "zendesk",
          id: demo.connections.zendesk.id,
          integration: "github-zendesk",
          tools: ["zendesk_findTicketByExternalId", "zendesk_getTicket"],
        },
      ]),
    );
    const postMessage = json.connections.find((c: { connector: string }) => c.connector === "slack").tools[0];
    expect(postMessage).toMatchObject({
      action: "slack.postMessage",
      readOnly: false,
      destructive: false,
      inputSchema: {
        type: "object",
        properties: { channel: { type: "string", minLength: 1 }, text: { type: "string", maxLength: 40000 } },
        required: ["channel", "text"],
      },
    });
    expect(json.flows).toEqual([
      expect.objectContaining({
        integration: { key: "github-zendesk", name: "GitHub ↔ Zendesk" },
        tools: [expect.objectContaining({ name: "find_ticket_for_issue", flowKey: "ticketForIssue" })],
      }),
    ]);
    // The same through tRPC.
    expect(await callerAs({ bearer: apiKey }).api.actions.list({ id: demo.customer.id })).toEqual(json);
  });

  it("runs a connector action with the customer's connection and answers its output; bad input is refused before anything runs", async () => {
    const before = await db().execution.count({ where: { customerId: demo.customer.id } });
    const invalid = await run({ connector: "slack", action: "postMessage", input: { channel: SANDBOX_DEMO.slack.channels[1].id } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error).toEqual({
      code: "BAD_REQUEST",
      message: "Invalid input for slack_postMessage: text: Invalid input: expected string, received undefined",
      field: "input.text",
    });
    expect(await db().execution.count({ where: { customerId: demo.customer.id } })).toBe(before);

    const posted = await run({
      connector: "slack",
      action: "postMessage",
      input: { channel: SANDBOX_DEMO.slack.channels[1].id, text: "From the actions API" },
    });
    expect(posted.status).toBe(200);
    expect(posted.json).toMatchObject({ ok: true, output: { channel: SANDBOX_DEMO.slack.channels[1].id, ts: expect.any(String) } });
    const execution = await db().execution.findFirstOrThrow({ where: { id: posted.json.executionId } });
    expect(execution).toMatchObject({ trigger: "action", flowKey: "tool.slack_postMessage", status: "succeeded", instanceId: demo.instances.githubSlack.id });

    const unknown = await run({ connector: "github", action: "closeIssue", input: { number: 1 } });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.message).toMatch(/^github.closeIssue is not exposed to this customer by any of its active integrations/);
  });

  it("runs a tool flow through the actions API and through MCP, its input validated against its JSON Schema", async () => {
    const invalid = await run({ tool: "find_ticket_for_issue", input: { issue: 0, extra: true } });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.message).toBe("Invalid input for find_ticket_for_issue: extra: is not an accepted field; issue: must be >= 1");
    expect(invalid.json.error.field).toBe("input.extra");

    const viaRest = await run({ tool: "find_ticket_for_issue", input: { issue: 424242 } });
    expect(viaRest.json).toMatchObject({ ok: true, output: { found: false } });
    const execution = await db().execution.findFirstOrThrow({ where: { id: viaRest.json.executionId } });
    expect(execution).toMatchObject({ trigger: "tool", flowKey: "ticketForIssue", status: "succeeded", input: { issue: 424242 } });

    const viaTrpc = await callerAs({ bearer: apiKey }).api.actions.run({ id: demo.customer.id, tool: "find_ticket_for_issue", input: { issue: 424243 } });
    expect(viaTrpc).toMatchObject({ ok: true, output: { found: false } });

    const client = await world.mcpClient();
    const viaMcp = (await client.callTool({ name: "find_ticket_for_issue", arguments: { issue: 424244 } })) as CallToolResult;
    expect(viaMcp.structuredContent).toEqual({ found: false });
    await client.close();
  });

  it("when two integrations expose the same action, the caller names the connection (REST) or passes it as an argument (MCP)", async () => {
    const pushed = await pushManifest(organizationId, TRIAGE);
    await publishVersion(organizationId, pushed.version.id);
    const triage = await createInstance(organizationId, {
      integrationId: pushed.integration.id,
      customerExternalId: demo.externalId,
      config: {},
      connections: {},
    });
    // Its GitHub connection: the one made for the Slack example is reused here by reconnecting it to this instance.
    await db().connection.update({ where: { id: demo.connections.githubForSlack.id }, data: { instanceId: triage.id } });

    const ambiguous = await run({ connector: "github", action: "createIssue", input: { title: "Which repository?", repo: "acme/api" } });
    expect(ambiguous.status).toBe(409);
    expect(ambiguous.json.error).toMatchObject({ code: "CONFLICT", field: "connection" });
    expect(ambiguous.json.error.message).toContain(demo.connections.github.id);
    expect(ambiguous.json.error.message).toContain(demo.connections.githubForSlack.id);

    const chosen = await run({
      connector: "github",
      action: "createIssue",
      connection: demo.connections.githubForSlack.id,
      input: { title: "Filed in acme/api", repo: "acme/api" },
    });
    expect(chosen.json).toMatchObject({ ok: true, output: { title: "Filed in acme/api" } });
    const api = (await findRepo("acme", "api"))!;
    expect((await findIssue(api.id, (chosen.json.output as { number: number }).number))?.title).toBe("Filed in acme/api");
    // The other connection's tool fixes the repository: giving one is refused there.
    const fixed = await run({ connector: "github", action: "createIssue", connection: demo.connections.github.id, input: { title: "x", repo: "acme/api" } });
    expect(fixed.status).toBe(400);
    expect(fixed.json.error.message).toBe("Invalid input for github_createIssue: repo is set by the integration and cannot be given.");

    const client = await world.mcpClient();
    const tool = (await client.listTools()).tools.find((t) => t.name === "github_createIssue")!;
    expect(tool.inputSchema.required).toEqual(["title", "connection"]);
    expect((tool.inputSchema.properties as Record<string, { enum?: string[] }>).connection.enum?.sort()).toEqual(
      [demo.connections.github.id, demo.connections.githubForSlack.id].sort(),
    );
    const viaMcp = (await client.callTool({
      name: "github_createIssue",
      arguments: { title: "Via MCP in webapp", connection: demo.connections.github.id },
    })) as CallToolResult;
    expect(viaMcp.structuredContent).toMatchObject({ title: "Via MCP in webapp" });
    const withoutConnection = (await client.callTool({ name: "github_createIssue", arguments: { title: "No connection" } })) as CallToolResult;
    expect(withoutConnection.isError).toBe(true);
    expect((withoutConnection.content[0] as { text: string }).text).toMatch(
      /^refused error: This customer has 2 connections that run github_createIssue; say which in `connection`/,
    );
    await client.close();
  });

  it("answers a call that outlasts its timeout with the execution id, and the execution finishes in the background", async () => {
    const pushed = await pushManifest(organizationId, REPORTS);
    await publishVersion(organizationId, pushed.version.id);
    await createInstance(organizationId, { integrationId: pushed.integration.id, customerExternalId: demo.externalId, config: {}, connections: {} });

    const answer = await run({ tool: "weekly_report", input: { week: 12 } });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ ok: false, error: { kind: "timeout" } });
    const { executionId } = answer.json as { executionId: string };
    expect(answer.json.error.message).toBe(`weekly_report did not finish within 300 ms; it goes on in the background as execution ${executionId}.`);
    const finished = await waitFor(async () => {
      const row = await db().execution.findFirst({ where: { id: executionId } });
      return row?.status === "succeeded" ? row : null;
    }, "the report's execution to finish");
    expect(finished).toMatchObject({ trigger: "tool", flowKey: "weeklyReport", output: { week: 12, rows: 3 } });
  });

  it("applies the per-customer rate limit to REST and MCP alike (429 with Retry-After; a tool error over MCP)", async () => {
    const limit = { perSecond: 0.01, burst: 2 };
    const scope = { organizationId, customerId: demo.customer.id };
    await db().customer.update({ where: { id: demo.customer.id }, data: { actionRateTokens: null, actionRateRefilledAt: null } });
    await callTool(scope, { tool: "find_ticket_for_issue", input: { issue: 1 } }, { rateLimit: limit });
    await callTool(scope, { tool: "find_ticket_for_issue", input: { issue: 1 } }, { rateLimit: limit });
    await expect(callTool(scope, { tool: "find_ticket_for_issue", input: { issue: 1 } }, { rateLimit: limit })).rejects.toMatchObject({
      code: "TOO_MANY_REQUESTS",
      details: { retryAfterSeconds: expect.any(Number) },
    });

    const mcp = new Client({ name: "test-agent", version: "1.0.0" });
    const url = new URL("http://switchyard.test/api/mcp");
    const headers = { authorization: `Bearer ${apiKey}`, "x-switchyard-customer": demo.externalId };
    await mcp.connect(
      new StreamableHTTPClientTransport(url, {
        requestInit: { headers },
        fetch: (input, init) => handleMcpRequest(new Request(input, init), { rateLimit: limit }),
      }),
    );
    const limited = (await mcp.callTool({ name: "find_ticket_for_issue", arguments: { issue: 1 } })) as CallToolResult;
    expect(limited.isError).toBe(true);
    expect((limited.content[0] as { text: string }).text).toMatch(
      /^rate_limited error: This customer made more than 2 tool calls in a burst .*; try again in \d+ s\.$/,
    );
    await mcp.close();

    // The REST route uses the deployment's limit: exhaust the bucket and the next call is answered 429.
    await db().customer.update({ where: { id: demo.customer.id }, data: { actionRateTokens: 0, actionRateRefilledAt: new Date() } });
    const refused = await run({ tool: "find_ticket_for_issue", input: { issue: 1 } });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });
});
