import { afterEach, describe, expect, it } from "vitest";
import { z } from "zod";

import acme from "@/server/connectors/custom/acme";
import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { createConnectorContext } from "@/server/connectors/framework/context";
import { defineAction, defineConnector } from "@/server/connectors/framework/define-connector";
import { runDataSource } from "@/server/connectors/framework/run-member";
import { deleteOwnWebhooks } from "@/server/connectors/framework/webhooks";
import { invokeFlowAction, type ActionEnvironment } from "@/server/connectors/invoke";
import { connectorRegistry, createConnectorRegistry } from "@/server/connectors/registry";
import { memoryState, recordSink, sendJson, silentLogger, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { NonRetryableError } from "@/server/engine/errors";
import { buildExecutionContext, type InvokeActionRequest } from "@/server/engine/step-outcome";

let server: LocalServer;
afterEach(() => server?.close());

/** A made-up Acme API: just enough of it for the example connector. */
async function startAcme() {
  server = await startLocalServer((request, response) => {
    if (request.headers["x-acme-key"] !== "acme-secret") return sendJson(response, 401, { error: { message: "invalid API key" } });
    const widget = { id: "w_1", name: "Sprocket", color: "red", project_id: "p_1", created_at: "2026-01-01T00:00:00Z" };
    if (request.method === "POST" && request.url === "/v1/projects/p_1/widgets") return sendJson(response, 201, { ...widget, ...JSON.parse(request.body) });
    if (request.url === "/v1/widgets/w_1") return sendJson(response, 200, widget);
    if (request.url?.startsWith("/v1/projects?")) return sendJson(response, 200, { data: [{ id: "p_1", name: "Website" }], next_cursor: "c2" });
    if (request.url === "/v1/webhooks" && request.method === "GET") {
      return sendJson(response, 200, {
        data: [
          { id: "h1", url: "https://sy.example/api/hooks/mine" },
          { id: "h2", url: "https://other.example/hook" },
        ],
      });
    }
    if (request.method === "DELETE") return void response.writeHead(204).end();
    sendJson(response, 404, { error: { message: `no route ${request.url}` } });
  });
}

const acmeConnection = (): ResolvedConnection => ({
  connector: "acme",
  auth: { kind: "apiKey", key: "acme-secret" },
  accountLabel: "ops@customer.example",
  baseUrl: `${server.origin}/v1`,
});

function environment(connections: Record<string, ResolvedConnection>, extra: Partial<ActionEnvironment> = {}) {
  const sink = recordSink();
  const env: ActionEnvironment = {
    manifest: { actions: {} },
    resolveConnection: async (key) => connections[key],
    state: memoryState(),
    log: silentLogger,
    network: server.policy,
    onRecord: sink.onRecord,
    ...extra,
  };
  return { env, records: sink.records };
}

function call(action: string, parameters: unknown, connection?: string): InvokeActionRequest {
  const context = buildExecutionContext({ id: "exec-9", input: {}, startTime: new Date("2026-01-01T00:00:00Z") });
  return {
    action,
    connection,
    parameters,
    idempotencyKey: "exec-9:Create:0",
    signal: new AbortController().signal,
    stateName: "Create",
    context: { ...context, State: { Name: "Create", EnteredTime: "2026-01-01T00:00:00Z", RetryCount: 0 } },
  };
}

describe("invokeFlowAction with connector actions", () => {
  it("runs acme.createWidget with the API key, the idempotency key and a camelCase answer", async () => {
    await startAcme();
    const { env, records } = environment({ acme: acmeConnection() });
    const output = await invokeFlowAction(env, call("acme.createWidget", { projectId: "p_1", name: "Gear", color: "blue" }, "acme"));
    expect(output).toEqual({ id: "w_1", name: "Gear", color: "blue", projectId: "p_1", createdAt: "2026-01-01T00:00:00Z" });
    expect(server.requests[0].headers).toMatchObject({ "x-acme-key": "acme-secret", "idempotency-key": "exec-9:Create:0" });
    expect(records[0].requestHeaders["x-acme-key"]).toBe("[redacted]");
  });

  it("answers a missing widget as data and an auth failure as a non-retryable error", async () => {
    await startAcme();
    const { env } = environment({ acme: acmeConnection(), wrong: { ...acmeConnection(), auth: { kind: "apiKey", key: "nope" } } });
    await expect(invokeFlowAction(env, call("acme.getWidget", { widgetId: "w_404" }, "acme"))).resolves.toEqual({ found: false });
    const error = await invokeFlowAction(env, call("acme.getWidget", { widgetId: "w_1" }, "wrong")).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toBe("Acme answered 401 Unauthorized: invalid API key");
  });

  it("rejects invalid parameters before calling the API, naming the field", async () => {
    await startAcme();
    const { env } = environment({ acme: acmeConnection() });
    await expect(invokeFlowAction(env, call("acme.createWidget", { projectId: "p_1", color: "purple" }, "acme"))).rejects.toThrow(
      /^invalid input for acme\.createWidget: name: Invalid input: expected string, received undefined; color: Invalid option/,
    );
    expect(server.requests).toHaveLength(0);
  });

  it("explains unknown connectors, unknown actions, unknown manifest actions and mismatched connections", async () => {
    await startAcme();
    const { env } = environment({ acme: acmeConnection(), gh: { connector: "github", auth: { kind: "oauth2", accessToken: "t" } } });
    await expect(invokeFlowAction(env, call("hubspot.createContact", {}))).rejects.toThrow('unknown connector "hubspot" in Action "hubspot.createContact"');
    await expect(invokeFlowAction(env, call("acme.explode", {}, "acme"))).rejects.toThrow(
      'connector "acme" has no action "explode" (its actions: getMe, findAccountByExternalId, createAccount, updateAccount, findOpportunityByExternalId, createOpportunity, updateOpportunity, createWebhook, listWebhooks, deleteWebhook, createWidget, getWidget)',
    );
    await expect(invokeFlowAction(env, call("postToSlack", {}))).rejects.toThrow(
      'Action "postToSlack" is neither a connector action (connector.action) nor one of the manifest\'s HTTP actions (none)',
    );
    await expect(invokeFlowAction(env, call("acme.getWidget", { widgetId: "w_1" }, "gh"))).rejects.toThrow(
      'Action "acme.getWidget" needs a acme connection, but Connection "gh" is a github connection',
    );
    await expect(invokeFlowAction(env, call("acme.getWidget", { widgetId: "w_1" }))).rejects.toThrow(
      'connector "acme" needs a connection with oauth2 credentials or apiKey credentials',
    );
  });

  it("validates what a connector returns", async () => {
    await startAcme();
    const liar = defineConnector({
      key: "liar",
      name: "Liar",
      auth: { kind: "none" },
      actions: {
        count: defineAction({
          description: "Counts.",
          readOnly: true,
          input: z.object({}),
          output: z.object({ total: z.number() }),
          run: async () => ({ total: "many" }) as never,
        }),
      },
    });
    const { env } = environment({}, { registry: createConnectorRegistry([{ connector: liar }]) });
    await expect(invokeFlowAction(env, call("liar.count", {}))).rejects.toThrow(
      "liar.count returned output that does not match its schema: total: Invalid input: expected number, received string",
    );
  });

  it("runs the generic http.request action with any connection's credentials", async () => {
    await startAcme();
    const { env } = environment({ acme: acmeConnection() });
    const output = await invokeFlowAction(env, call("http.request", { method: "GET", path: "/widgets/w_1" }, "acme"));
    expect(output).toMatchObject({ status: 200, body: { id: "w_1" } });
    expect(server.requests[0].headers["x-acme-key"]).toBe("acme-secret");
    await expect(invokeFlowAction(env, call("http.request", { method: "GET", url: `${server.origin}/v1/widgets/w_1` }))).rejects.toThrow(
      `127.0.0.1:${server.port} answered 401 Unauthorized: invalid API key`,
    );
  });
});

describe("the acme example's data source and webhooks", () => {
  it("lists projects for the wizard and removes only its own webhooks", async () => {
    await startAcme();
    const ctx = createConnectorContext(
      acme,
      { ...acmeConnection(), key: "acme" },
      {
        network: server.policy,
        onRecord: () => undefined,
        state: memoryState(),
        log: silentLogger,
        signal: new AbortController().signal,
      },
    );
    expect(connectorRegistry.get("acme")?.dataSources).toHaveProperty("listProjects");
    await expect(runDataSource(acme, "listProjects", ctx, { search: "web" })).resolves.toEqual({
      options: [{ value: "p_1", label: "Website" }],
      nextCursor: "c2",
    });
    expect(server.requests[0].url).toBe("/v1/projects?q=web&limit=50");
    await expect(deleteOwnWebhooks(ctx, acme.webhooks, ["https://sy.example/api/hooks/mine"])).resolves.toEqual(["h1"]);
    expect(server.requests.filter((request) => request.method === "DELETE").map((request) => request.url)).toEqual(["/v1/webhooks/h1"]);
  });
});
