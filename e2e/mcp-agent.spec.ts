import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { expect, test } from "@playwright/test";
import { signInAsOwner } from "./helpers/console-owner";

/**
 * A vendor's agent against the production server: the backend deploys GitHub → Slack for a new
 * customer headless (REST, tokens from the sandbox's settings-page stand-ins), points the official
 * MCP client at /api/mcp with its API key and the customer's id, posts to Slack through the tool,
 * and the support team finds the call in the console's executions.
 */
test("an agent posts to a customer's Slack through the MCP server, and the call shows in the console", async ({ page, baseURL }) => {
  await signInAsOwner(page);
  await page.getByRole("navigation", { name: "Console" }).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Key name").fill("Agent backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();
  const api = async (method: "GET" | "POST", path: string, data?: unknown) => {
    const response = await page.request.fetch(path, { method, headers: { authorization: `Bearer ${key}` }, ...(data ? { data } : {}) });
    expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
    return response.json();
  };

  const externalId = `agent-customer-${Date.now()}`;
  const customer = await api("POST", "/api/v1/customers", { externalId, name: "Initech" });
  const mint = async (provider: string) => (await (await page.request.post(`/sandbox/${provider}/tokens`, { data: {} })).json()).token as string;
  const connect = (connector: string, token: string, path: string) =>
    api("POST", `/api/v1/customers/${customer.id}/connections`, { connector, credentials: { token }, baseUrl: `${baseURL}${path}` });
  const github = await connect("github", await mint("github"), "/sandbox/github/api");
  const slack = await connect("slack", await mint("slack"), "/sandbox/slack/api");
  const instance = await api("POST", "/api/v1/instances", {
    integrationKey: "github-slack",
    customerExternalId: externalId,
    config: { repo: "acme/api", channel: "C0SUPPORT1", webhookSecret: "agent-test-webhook-secret-1234" },
    connections: { github: github.id, slack: slack.id },
  });
  await expect.poll(async () => (await api("GET", `/api/v1/instances/${instance.id}`)).status, { timeout: 30_000 }).toBe("active");

  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(`${baseURL}/api/mcp`), {
      requestInit: { headers: { authorization: `Bearer ${key}`, "x-switchyard-customer": externalId } },
    }),
  );
  expect((await client.listTools()).tools.map((t) => t.name)).toEqual(["slack_postMessage"]);
  const text = `Deploy of Initech finished (${externalId})`;
  const posted = (await client.callTool({ name: "slack_postMessage", arguments: { channel: "C0SUPPORT1", text } })) as CallToolResult;
  expect(posted.isError, JSON.stringify(posted.content)).toBeFalsy();
  const executionId = (posted._meta as { executionId: string }).executionId;
  await client.close();

  await page.goto("/executions");
  // Ids are time-ordered, so their first characters repeat: find the row by its link.
  const row = page.locator("tr", { has: page.locator(`a[href="/executions/${executionId}"]`) });
  await expect(row).toContainText("action");
  await expect(row).toContainText("tool.slack_postMessage");
  await expect(row).toContainText("Initech");
  await row.locator(`a[href="/executions/${executionId}"]`).click();
  // The flow graph names the state in an SVG <title> too (hidden): read the visible text.
  await expect(page.getByText("slack.postMessage").filter({ visible: true }).first()).toBeVisible();
  await expect(page.getByText(text).first()).toBeVisible();
});
