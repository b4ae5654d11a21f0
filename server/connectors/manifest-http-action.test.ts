import { readFileSync } from "node:fs";

import { afterEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";

import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { invokeFlowAction, type ActionEnvironment } from "@/server/connectors/invoke";
import { memoryState, recordSink, sendJson, silentLogger, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { ErrorNames, StatesError } from "@/server/engine/errors";
import { runToCompletion } from "@/server/engine/run-to-completion";
import { buildExecutionContext, type InvokeActionRequest } from "@/server/engine/step-outcome";
import { createTestDeps } from "@/server/engine/test-deps";
import type { HttpAction } from "@/server/manifest/action.schema";
import { loadManifest } from "@/server/manifest/load-manifest";
import { importZisBundle } from "@/server/manifest/zis-import";

let server: LocalServer;
afterEach(() => server?.close());

const echo = () => startLocalServer((request, response) => sendJson(response, 200, { received: request.method }, { "x-request-id": "r-1" }));

function environment(
  actions: Record<string, HttpAction>,
  connections: Record<string, ResolvedConnection> = {},
): ActionEnvironment & { records: ReturnType<typeof recordSink>["records"] } {
  const sink = recordSink();
  return {
    manifest: { actions },
    resolveConnection: async (key) => connections[key] ?? Promise.reject(new Error(`no connection ${key}`)),
    state: memoryState(),
    log: silentLogger,
    network: server.policy,
    onRecord: sink.onRecord,
    records: sink.records,
  };
}

function request(action: string, parameters: unknown, extra: Partial<InvokeActionRequest> = {}): InvokeActionRequest {
  const context = buildExecutionContext({ id: "exec-1", input: {}, startTime: new Date("2026-01-01T00:00:00Z") }, { Config: { team: "support" } });
  return {
    action,
    parameters,
    idempotencyKey: "exec-1:Post:0",
    signal: new AbortController().signal,
    stateName: "Post",
    context: { ...context, State: { Name: "Post", EnteredTime: "2026-01-01T00:00:00Z", RetryCount: 0 } },
    ...extra,
  };
}

describe("manifest HTTP actions", () => {
  it("fill headers, query and body templates from the input and answer { status, headers, body }", async () => {
    server = await echo();
    const env = environment({
      notify: {
        method: "POST",
        url: `${server.origin}/hooks/notify`,
        headers: [
          { key: "X-Ticket-Id", "value.$": "$.ticket.id" },
          { key: "X-Source", value: "switchyard" },
        ],
        query: [{ key: "team", "value.$": "$$.Config.team" }],
        requestBody: { ticket: { "subject.$": "$.ticket.subject", "tags.$": "$.ticket.tags", fixed: [1, { "first.$": "$.ticket.tags[0]" }] } },
      },
    });
    const result = await invokeFlowAction(env, request("notify", { ticket: { id: 42, subject: "Printer on fire", tags: ["urgent", "hw"] } }));
    expect(result).toEqual({ status: 200, headers: expect.objectContaining({ "x-request-id": "r-1" }), body: { received: "POST" } });
    const [received] = server.requests;
    expect(received.url).toBe("/hooks/notify?team=support");
    expect(received.headers).toMatchObject({ "x-ticket-id": "42", "x-source": "switchyard", "content-type": "application/json" });
    expect(JSON.parse(received.body)).toEqual({ ticket: { subject: "Printer on fire", tags: ["urgent", "hw"], fixed: [1, { first: "urgent" }] } });
  });

  it("send `path` to the named connection's base URL with its credentials", async () => {
    server = await echo();
    const env = environment(
      { getTicket: { method: "GET", "path.$": "States.Format('/tickets/{}.json', $.id)", connection: "helpdesk" } },
      {
        helpdesk: { connector: "helpdesk", auth: { kind: "basic", username: "agent@acme.example/token", password: "t0k" }, baseUrl: `${server.origin}/api/v2` },
      },
    );
    await invokeFlowAction(env, request("getTicket", { id: 7 }));
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/api/v2/tickets/7.json" });
    expect(server.requests[0].headers.authorization).toBe(`Basic ${btoa("agent@acme.example/token:t0k")}`);
    expect(env.records[0].requestHeaders.authorization).toBe("[redacted]");
  });

  it("fail as Parameters do when a path matches nothing, naming the field", async () => {
    server = await echo();
    const env = environment({ notify: { method: "POST", url: `${server.origin}/x`, headers: [{ key: "X-Id", "value.$": "$.missing" }] } });
    const error = await invokeFlowAction(env, request("notify", {})).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(StatesError);
    expect(error).toMatchObject({
      name: ErrorNames.Runtime,
      message: "the JSONPath $.missing in actions.notify.headers[0].value.$ matched nothing in the state input",
    });
    expect(server.requests).toHaveLength(0);
  });

  it("refuse a templated URL that is not absolute http(s)", async () => {
    server = await echo();
    const env = environment({ go: { method: "GET", "url.$": "$.target" } });
    await expect(invokeFlowAction(env, request("go", { target: "file:///etc/passwd" }))).rejects.toThrow(
      'actions.go.url must be an absolute http(s) URL, got "file:///etc/passwd"',
    );
  });
});

describe("the ZIS tutorial bundle", () => {
  it("imports, loads and runs its flow, posting the ticket to the webhook", async () => {
    server = await startLocalServer((_, response) => sendJson(response, 200, { success: true }));
    const bundle: unknown = JSON.parse(readFileSync(new URL("../../examples/zis-ticket-created/bundle.json", import.meta.url), "utf8"));
    const { manifest: imported } = importZisBundle(bundle);
    // webhook.site stands for any public receiver; the test points the same action at a local one.
    const action = imported.actions!["post-to-webhook-site"];
    imported.actions!["post-to-webhook-site"] = { ...action, url: `${server.origin}${new URL(action.url!).pathname}` };
    const loaded = loadManifest(stringify(imported));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    const flow = loaded.manifest.flows[0];

    const env = environment(loaded.manifest.actions);
    const deps = { ...createTestDeps(), invokeAction: (call: InvokeActionRequest) => invokeFlowAction(env, call) };
    const input = { input: { ticket_event: { ticket: { id: 35436, status: "new", priority: "urgent" } } } };
    const result = await runToCompletion({ machine: flow, input, deps, context: buildExecutionContext({ id: "exec-zis", input, startTime: new Date() }) });

    expect(result).toMatchObject({ status: "succeeded", output: { status: 200, body: { success: true } } });
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/7a1c2d3e-4f5a-4b6c-8d7e-9f0a1b2c3d4e" });
    expect(server.requests[0].headers["x-zendesk-ticket-id"]).toBe("35436");
    expect(JSON.parse(server.requests[0].body)).toEqual({ webhook: { status: "new", priority: "urgent" } });
  });
});
