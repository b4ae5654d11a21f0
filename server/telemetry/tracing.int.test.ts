/**
 * Traces from the real processes: the web process's ingest (server/testing/ingest-process.ts) and a
 * worker (server/testing/worker-process.ts), each in its own process with OTEL_EXPORTER_OTLP_ENDPOINT
 * pointing at an OTLP receiver in this test. A signed webhook starts a flow whose action calls a
 * local API with a secret header and query parameter; the delivery and the run that continues it
 * in the other process form one trace. A manual flow with a Wait runs twice and stays one trace.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/server/db/client";
import { startExecution } from "@/server/modules/executions/executions.service";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, tokenOf, uniqueKey } from "@/server/testing/hooks";
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from "@/server/testing/otlp-receiver";
import { ServiceProcess, startEffectSink, type EffectSink } from "@/server/testing/reliability";
import { waitFor } from "@/server/testing/test-worker";

const WEBHOOK_SECRET = "whsec-trace-test-0123456789abcdef";
const API_KEY = "key-trace-secret-fedcba9876543210";
const BODY_MARKER = "Checkout fails on Safari 7f3a9c";

const services: ServiceProcess[] = [];
let receiver: OtlpReceiver | undefined;
let sink: EffectSink | undefined;
afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
  await receiver?.close();
});

function manifest(key: string, sinkUrl: string): string {
  return `key: ${key}
name: Traced
config:
  pages:
    - title: Settings
      fields:
        - { key: webhookSecret, type: secret, required: true }
        - { key: apiKey, type: secret, required: true }
flows:
  - key: issues
    trigger:
      type: webhook
      verify: { preset: github, secret: { config: webhookSecret } }
    StartAt: Route
    States:
      Route: { Type: Choice, Choices: [{ Variable: $.body.action, StringEquals: opened, Next: Call }], Default: Done }
      Call:
        Type: Action
        Action: http.request
        Parameters: { method: POST, url: "${sinkUrl}", idempotencyKey: true, headers: { "x-api-key.$": "$$.Config.apiKey" }, query: { "api_key.$": "$$.Config.apiKey" }, body: { "title.$": "$.body.issue.title" } }
        ResultPath: null
        Next: Done
      Done: { Type: Succeed }
  - key: later
    trigger: { type: manual }
    StartAt: Pause
    States:
      Pause: { Type: Wait, Seconds: 1, Next: Finish }
      Finish: { Type: Succeed }
`;
}

const named = (spans: ReceivedSpan[], name: string) => spans.filter((s) => s.name === name);

describe("tracing", () => {
  it("traces a delivery in the web process and its execution in a worker as one trace, with ids and no secrets or bodies", async () => {
    receiver = await startOtlpReceiver();
    sink = await startEffectSink({ delayMs: 5 });
    const { organization } = await createOrganizationWithMember();
    await allowNetworkDestination(organization.id, sink.origin);
    const key = uniqueKey("traced");
    const { instance } = await deployIntegration({
      organizationId: organization.id,
      manifest: manifest(key, sink.url),
      config: { webhookSecret: WEBHOOK_SECRET, apiKey: API_KEY },
    });
    const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);
    const customer = await db().customer.findUniqueOrThrow({ where: { id: instance.customerId } });

    const databaseUrl = inject("databaseUrl");
    const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: "100" };
    const web = new ServiceProcess("web", ["server/testing/ingest-process.ts", databaseUrl], otel);
    const worker = new ServiceProcess("worker", ["server/testing/worker-process.ts", databaseUrl, "connectors", "5000", "2"], otel);
    services.push(web, worker);
    await Promise.all([web.start(), worker.start()]);

    const delivery = githubDelivery(WEBHOOK_SECRET, { action: "opened", issue: { number: 7, title: BODY_MARKER } });
    const response = await fetch(`http://127.0.0.1:${web.port}/api/hooks/${token}`, { method: "POST", headers: delivery.headers, body: delivery.body });
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };

    const spans = await receiver.waitForSpans(
      (all) => all.some((s) => s.attributes["switchyard.execution.id"] === executionId) && named(all, "POST").length > 0,
    );
    const execution = spans.find((s) => s.attributes["switchyard.execution.id"] === executionId)!;
    const trace = spans.filter((s) => s.traceId === execution.traceId);
    const [hook] = named(trace, "POST /api/hooks/{token}");
    const states = trace.filter((s) => s.name.startsWith("state "));
    const [call] = named(trace, "POST");

    // The delivery (web process) parents the run (worker process): one trace across both.
    expect(hook).toMatchObject({ parentSpanId: "", kind: 2, resource: { "switchyard.process.role": "web" } });
    expect(hook.attributes).toMatchObject({
      "switchyard.delivery.verdict": "accepted",
      "http.response.status_code": 202,
      "switchyard.instance.id": instance.id,
      "switchyard.customer.id": customer.id,
      "switchyard.organization.id": organization.id,
      "switchyard.flow.keys": ["issues"],
      "switchyard.execution.ids": [executionId],
    });
    expect(execution).toMatchObject({ name: `execution ${key}/issues`, parentSpanId: hook.spanId, resource: { "switchyard.process.role": "worker" } });
    expect(execution.attributes).toMatchObject({
      "switchyard.customer.external_id": customer.externalId,
      "switchyard.instance.id": instance.id,
      "switchyard.flow.key": "issues",
      "switchyard.integration.key": key,
      "switchyard.trigger": "webhook",
      "switchyard.execution.result": "succeeded",
    });
    expect(states.map((s) => [s.name, s.parentSpanId, s.attributes["switchyard.step.status"]])).toEqual([
      ["state Route", execution.spanId, "succeeded"],
      ["state Call", execution.spanId, "succeeded"],
      ["state Done", execution.spanId, "succeeded"],
    ]);
    const callState = states.find((s) => s.name === "state Call")!;
    expect(callState.attributes).toMatchObject({ "switchyard.state.type": "Action", "switchyard.action": "http.request" });
    expect(call).toMatchObject({ kind: 3, parentSpanId: callState.spanId, attributes: { "server.address": "127.0.0.1", "http.response.status_code": 201 } });

    // The worker found the delivery's trace with the execution.
    const stored = await db().execution.findUniqueOrThrow({ where: { id: executionId }, select: { traceContext: true } });
    expect(stored.traceContext).toBe(`00-${hook.traceId}-${hook.spanId}-01`);
    // What reached the collector holds neither secrets, nor the body, nor the endpoint token, nor the API's path.
    const exported = receiver.rawBodies().join("\n");
    for (const never of [WEBHOOK_SECRET, API_KEY, BODY_MARKER, token, "/effects", "api_key"]) expect(exported).not.toContain(never);

    // A manual run that waits: its second run, after the timer, continues the trace its first run began.
    const { id: laterId } = await startExecution(organization.id, { instanceId: instance.id, flowKey: "later", input: {}, trigger: "manual" });
    const runs = await waitFor(async () => {
      const mine = receiver!.spans().filter((s) => s.attributes["switchyard.execution.id"] === laterId);
      return mine.length === 2 ? mine : null;
    }, "both runs of the waiting execution to be traced");
    const parked = runs.find((s) => s.attributes["switchyard.execution.result"] === "parked")!;
    const resumed = runs.find((s) => s.attributes["switchyard.execution.result"] === "succeeded")!;
    expect(parked).toMatchObject({ parentSpanId: "", attributes: { "switchyard.trigger": "manual" } });
    expect(resumed).toMatchObject({ traceId: parked.traceId, parentSpanId: parked.spanId });
    const resumedStates = receiver
      .spans()
      .filter((s) => s.parentSpanId === resumed.spanId)
      .map((s) => s.name);
    expect(resumedStates).toContain("state Finish");
    expect(await db().execution.findUniqueOrThrow({ where: { id: laterId }, select: { traceContext: true } })).toEqual({
      traceContext: `00-${parked.traceId}-${parked.spanId}-01`,
    });
    await dropQueuedRuns(organization.id);
  }, 180_000);
});
