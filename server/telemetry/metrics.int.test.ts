/**
 * `/api/metrics` after real traffic: deliveries through the webhook route handler (every verdict),
 * executions run by a worker, one left queued with the worker stopped, one cancelled, and an OAuth
 * refresh the provider refuses. Counters are read before and after, so what other test files
 * counted into the shared database does not matter.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/metrics/route";
import { db } from "@/server/db/client";
import { createConnectionResolver } from "@/server/modules/connections/connection-resolver";
import { oauthScenario, testOAuthSettings } from "@/server/testing/oauth-test-fixtures";
import { connectThroughPopup } from "@/server/testing/oauth-test-popup";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";
import { cancelExecution } from "@/server/modules/executions/executions.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { flushMetrics } from "./metric-counts";
import { handleMetricsRequest } from "./metrics-route";

const TOKEN = "metrics-token-for-the-test-0123456789abcdef";
const SECRET = "metrics-webhook-secret-0123456789";

let provider: TestOAuthProvider;
beforeAll(async () => {
  provider = await startTestOAuthProvider();
});
afterAll(() => provider.close());

/** The scrape as `series → value`, series written as in the text (`name{a="1",b="2"}`). */
async function scrape(): Promise<{ text: string; value: (series: string) => number }> {
  await flushMetrics();
  const response = await handleMetricsRequest(new Request("http://switchyard.test/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }), TOKEN);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await response.text();
  const values = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    values.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return { text, value: (series) => values.get(series) ?? 0 };
}

const FLOW = `    StartAt: Route
    States:
      Route: { Type: Choice, Choices: [{ Variable: $.body.action, StringEquals: fail, Next: Boom }], Default: Work }
      Work: { Type: Action, Action: test.work, ResultPath: $.work, Next: Done }
      Boom: { Type: Fail, Error: Boom, Cause: the delivery asked for it }
      Done: { Type: Succeed }
`;

describe("metrics", () => {
  it("is off without METRICS_TOKEN: the route answers 404", async () => {
    const response = await GET(new Request("http://switchyard.test/api/metrics", { headers: { authorization: `Bearer ${TOKEN}` } }));
    expect(response.status).toBe(404);
  });

  it("counts deliveries by verdict, executions by flow and status, step durations, queue and refresh failures for the whole installation", async () => {
    const before = await scrape();
    const { organization } = await createOrganizationWithMember();
    const integration = uniqueKey("metered");
    const { instance } = await deployIntegration({
      organizationId: organization.id,
      manifest: githubIssuesManifest(integration, "Metered", { flow: FLOW }),
      config: { webhookSecret: SECRET },
    });
    const url = (await endpointUrls(organization.id, instance.id)).get("issues")!;
    const deliver = async (payload: unknown, options: { event?: string; secret?: string } = {}) => {
      const delivery = githubDelivery(options.secret ?? SECRET, payload, { event: options.event });
      const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
      return { status: response.status, body: (await response.json()) as { executionId?: string } };
    };

    const worker = await startTestWorker({
      actionInvoker: () => async () => {
        await new Promise((r) => setTimeout(r, 30));
        return { done: true };
      },
    });
    const ran: string[] = [];
    try {
      for (const action of ["opened", "closed", "fail"]) {
        const { status, body } = await deliver({ action });
        expect(status).toBe(202);
        ran.push(body.executionId!);
      }
      expect((await deliver({ action: "opened" }, { event: "push" })).status).toBe(200);
      expect((await deliver({ action: "opened" }, { secret: "not-the-secret-0123456789" })).status).toBe(401);
      expect((await postHook(url.replace(/[^/]+$/, "A".repeat(32)))).status).toBe(404);
      await waitFor(
        async () => (await db().execution.count({ where: { id: { in: ran }, status: { in: ["succeeded", "failed"] } } })) === 3,
        "the three executions to finish",
      );
    } finally {
      await worker.stop();
    }
    // Tracing is off in this process: no execution carries a trace.
    expect(await db().execution.count({ where: { id: { in: ran }, traceContext: { not: null } } })).toBe(0);

    // With no worker running: one execution waits in the queue, another is cancelled there.
    const queued = (await deliver({ action: "opened" })).body.executionId!;
    const cancelled = (await deliver({ action: "opened" })).body.executionId!;
    await cancelExecution(organization.id, cancelled);

    // A refresh the provider refuses (the customer revoked the app).
    const scenario = await oauthScenario(provider);
    provider.tokenLifetime = 2;
    await connectThroughPopup(
      { organizationId: scenario.organization.id, customerId: scenario.customer.id },
      { connector: "hub", key: "github", instanceId: scenario.instance.id },
      testOAuthSettings(),
    );
    provider.tokenLifetime = 3600;
    provider.refreshTokens.clear();
    const resolver = createConnectionResolver({ ...testOAuthSettings(), now: () => new Date(Date.now() + 3000), refreshAheadMs: 500 });
    await expect(resolver.resolveInstanceConnection(scenario.organization.id, scenario.instance.id, "github")).rejects.toThrow(/invalid_grant/);

    const after = await scrape();
    const delta = (series: string) => after.value(series) - before.value(series);
    expect(delta('switchyard_webhook_deliveries_total{status="202",verdict="accepted"}')).toBe(5);
    expect(delta('switchyard_webhook_deliveries_total{status="200",verdict="filtered"}')).toBe(1);
    expect(delta('switchyard_webhook_deliveries_total{status="401",verdict="rejected"}')).toBe(1);
    expect(delta('switchyard_webhook_deliveries_total{status="404",verdict="refused"}')).toBe(1);

    const flow = `flow="issues",integration="${integration}"`;
    expect(after.value(`switchyard_executions_finished_total{${flow},status="succeeded"}`)).toBe(2);
    expect(after.value(`switchyard_executions_finished_total{${flow},status="failed"}`)).toBe(1);
    expect(after.value(`switchyard_executions_finished_total{${flow},status="cancelled"}`)).toBe(1);
    expect(after.value(`switchyard_executions{integration="${integration}",flow="issues",status="queued"}`)).toBe(1);
    expect(await db().execution.findUniqueOrThrow({ where: { id: queued }, select: { status: true } })).toEqual({ status: "queued" });

    // Two `test.work` actions of about 30 ms each: counted in their buckets, cumulative, +Inf equal to the count.
    const work = 'action="test.work",state_type="Action"';
    expect(delta(`switchyard_step_duration_seconds_count{${work}}`)).toBe(2);
    expect(delta(`switchyard_step_duration_seconds_sum{${work}}`)).toBeGreaterThanOrEqual(0.05);
    expect(delta(`switchyard_step_duration_seconds_bucket{${work},le="0.01"}`)).toBe(0);
    expect(delta(`switchyard_step_duration_seconds_bucket{${work},le="+Inf"}`)).toBe(2);
    const buckets = after.text
      .split("\n")
      .filter((line) => line.startsWith(`switchyard_step_duration_seconds_bucket{${work}`))
      .map((line) => Number(line.split(" ")[1]));
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    // At least: the worker may also have run executions other test files left queued.
    expect(delta('switchyard_step_duration_seconds_count{action="",state_type="Choice"}')).toBeGreaterThanOrEqual(3);

    expect(after.value('switchyard_queue_jobs{task="execution:run",state="due"}')).toBeGreaterThanOrEqual(1);
    expect(after.value('switchyard_queue_oldest_due_job_age_seconds{task="execution:run"}')).toBeGreaterThanOrEqual(0);
    expect(delta('switchyard_connection_refresh_failures_total{connector="hub",outcome="refused"}')).toBe(1);
    for (const family of [
      "switchyard_webhook_deliveries_total counter",
      "switchyard_executions gauge",
      "switchyard_step_duration_seconds histogram",
      "switchyard_queue_jobs gauge",
    ]) {
      expect(after.text).toContain(`# TYPE ${family}`);
    }
    await dropQueuedRuns(organization.id);
  }, 120_000);
});
