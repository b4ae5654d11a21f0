import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOtlpReceiver, type OtlpReceiver } from "@/server/testing/otlp-receiver";
import { createOtelTracing } from "./otel-tracing";
import type { RunAttributes, Tracing } from "./tracing";

let receiver: OtlpReceiver;
let tracing: Tracing;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
  tracing = createOtelTracing(
    { url: `${receiver.url}/v1/traces`, serviceName: "switchyard-test", sampler: "parentbased_always_on", ratio: 1, exportDelayMs: 5000 },
    { role: "worker" },
  );
});

afterAll(async () => {
  await tracing.shutdown();
  await receiver.close();
});

function run(overrides: Partial<RunAttributes> = {}): RunAttributes {
  return {
    executionId: "0193a000-0000-7000-8000-000000000001",
    organizationId: "0193a000-0000-7000-8000-0000000000aa",
    instanceId: "0193a000-0000-7000-8000-0000000000bb",
    customerId: "0193a000-0000-7000-8000-0000000000cc",
    customerExternalId: "acme",
    integrationKey: "github-slack",
    integrationVersion: 3,
    flowKey: "newIssues",
    trigger: "webhook",
    traceContext: null,
    ...overrides,
  };
}

describe("OpenTelemetry tracing", () => {
  it("exports a delivery, the run it started, its states and HTTP calls as one trace, without paths, queries or bodies", async () => {
    const ingest = tracing.startIngest();
    ingest.describe({ organizationId: "org-1", instanceId: "inst-1", customerId: "cust-1", endpointId: "ep-1" });
    ingest.accepted({ flowKeys: ["newIssues"], eventId: "event-1", executionIds: ["exec-1"] });
    ingest.end({ status: 202, verdict: "accepted" });

    const runSpan = tracing.startRun(run({ traceContext: ingest.traceContext }));
    const choice = runSpan.startState({ name: "Route", type: "Choice", attempt: 1 });
    choice.end({ status: "succeeded" });
    const post = runSpan.startState({ name: "Post", type: "Action", attempt: 2, action: "slack.postMessage" });
    post.httpCall({ method: "POST", url: "https://slack.example/api/chat.postMessage?token=[redacted]&channel=C1", status: 429, durationMs: 40, attempt: 1 });
    post.httpCall({
      method: "POST",
      url: "https://slack.example/api/chat.postMessage?token=[redacted]&channel=C1",
      durationMs: 5,
      attempt: 2,
      error: "connection reset",
    });
    post.end({ status: "failed", error: { Error: "States.TaskFailed" } });
    runSpan.end({ kind: "failed", error: { Error: "States.TaskFailed" } });
    await tracing.flush();

    const spans = await receiver.waitForSpans((s) => s.length >= 6);
    const byName = (name: string) => spans.filter((s) => s.name === name);
    const [hook] = byName("POST /api/hooks/{token}");
    const [execution] = byName("execution github-slack/newIssues");
    const [route] = byName("state Route");
    const [action] = byName("state Post");
    const calls = byName("POST");

    expect(new Set(spans.map((s) => s.traceId)).size).toBe(1);
    expect(hook).toMatchObject({ parentSpanId: "", kind: 2, resource: { "service.name": "switchyard-test", "switchyard.process.role": "worker" } });
    expect(hook.attributes).toMatchObject({
      "http.route": "/api/hooks/{token}",
      "http.response.status_code": 202,
      "switchyard.delivery.verdict": "accepted",
      "switchyard.instance.id": "inst-1",
      "switchyard.customer.id": "cust-1",
      "switchyard.flow.keys": ["newIssues"],
      "switchyard.execution.ids": ["exec-1"],
    });
    expect(execution.parentSpanId).toBe(hook.spanId);
    expect(execution.attributes).toMatchObject({
      "switchyard.execution.id": run().executionId,
      "switchyard.customer.external_id": "acme",
      "switchyard.flow.key": "newIssues",
      "switchyard.integration.version": 3,
      "switchyard.execution.result": "failed",
    });
    expect(execution.status).toMatchObject({ code: 2, message: "States.TaskFailed" });
    expect(route.parentSpanId).toBe(execution.spanId);
    expect(action.parentSpanId).toBe(execution.spanId);
    expect(action.attributes).toMatchObject({
      "switchyard.state.type": "Action",
      "switchyard.action": "slack.postMessage",
      "switchyard.step.attempt": 2,
      "error.type": "States.TaskFailed",
    });

    expect(calls).toHaveLength(2);
    for (const call of calls) {
      expect(call).toMatchObject({ parentSpanId: action.spanId, kind: 3 });
      expect(call.attributes).toMatchObject({ "server.address": "slack.example", "server.port": 443, "url.scheme": "https" });
      expect(call.endMs).toBeGreaterThanOrEqual(call.startMs);
    }
    expect(calls.find((c) => c.attributes["switchyard.http.attempt"] === 1)?.attributes["http.response.status_code"]).toBe(429);
    expect(calls.find((c) => c.attributes["switchyard.http.attempt"] === 2)?.status).toMatchObject({ code: 2, message: "no_response" });
    // The path and query can carry ids and keys: neither leaves the process.
    expect(receiver.rawBodies().join("\n")).not.toMatch(/chat\.postMessage|channel=C1|redacted/);
  });

  it("continues the trace a run started when the execution runs again later", async () => {
    const first = tracing.startRun(run({ executionId: "0193a000-0000-7000-8000-000000000002", trigger: "manual" }));
    first.end({ kind: "parked" });
    const second = tracing.startRun(run({ executionId: "0193a000-0000-7000-8000-000000000002", trigger: "manual", traceContext: first.traceContext }));
    second.end({ kind: "succeeded" });
    await tracing.flush();

    const runs = (
      await receiver.waitForSpans((s) => s.filter((x) => x.attributes["switchyard.execution.id"] === "0193a000-0000-7000-8000-000000000002").length === 2)
    ).filter((s) => s.attributes["switchyard.execution.id"] === "0193a000-0000-7000-8000-000000000002");
    const parked = runs.find((s) => s.attributes["switchyard.execution.result"] === "parked")!;
    const finished = runs.find((s) => s.attributes["switchyard.execution.result"] === "succeeded")!;
    expect(parked.parentSpanId).toBe("");
    expect(finished.traceId).toBe(parked.traceId);
    expect(finished.parentSpanId).toBe(parked.spanId);
    expect(first.traceContext).toBe(`00-${parked.traceId}-${parked.spanId}-01`);
  });

  it("keeps a trace the sampler dropped dropped in every later run", async () => {
    const dropping = createOtelTracing(
      { url: `${receiver.url}/v1/traces`, serviceName: "switchyard-test", sampler: "parentbased_traceidratio", ratio: 0, exportDelayMs: 5000 },
      { role: "web" },
    );
    const ingest = dropping.startIngest();
    ingest.end({ status: 202, verdict: "accepted" });
    expect(ingest.traceContext).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
    const runSpan = tracing.startRun(run({ executionId: "0193a000-0000-7000-8000-000000000003", traceContext: ingest.traceContext }));
    runSpan.end({ kind: "succeeded" });
    await Promise.all([dropping.shutdown(), tracing.flush()]);
    expect(receiver.spans().filter((s) => s.attributes["switchyard.execution.id"] === "0193a000-0000-7000-8000-000000000003")).toEqual([]);
  });
});
