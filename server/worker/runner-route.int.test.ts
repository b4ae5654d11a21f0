/**
 * The flow runner route (`POST /api/runner`) with no worker process at all: calling it runs what is
 * due through the same runtime, a Wait and a retry that come due later run on a later call, and
 * two calls at once never run one action twice. On a database of its own, so the queue holds only
 * this file's jobs.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { RetryableError } from "@/server/engine/errors";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { useRuntimeConfig } from "@/server/env";
import { startExecution } from "@/server/modules/executions/executions.service";
import { useWebActionInvoker } from "@/server/runtime/web-runtime";
import { createOrganizationWithMember, deployIntegration, testRuntimeConfig } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { POST } from "@/app/api/runner/route";
import type { DueJobsReport } from "./run-due-jobs";

const SECRET = "runner-secret-0123456789abcdef0123456789";
process.env.RUNNER_SECRET = SECRET;

const calls: InvokeActionRequest[] = [];
const failuresLeft = new Map<string, number>();

async function invoke(request: InvokeActionRequest): Promise<unknown> {
  calls.push(request);
  if (request.action === "test.slow") await new Promise((r) => setTimeout(r, 600));
  const left = failuresLeft.get(request.context.Execution.Id) ?? 0;
  if (request.action === "test.flaky" && left > 0) {
    failuresLeft.set(request.context.Execution.Id, left - 1);
    throw new RetryableError("the provider answered 503 Service Unavailable");
  }
  return { echoed: request.parameters };
}

const manifest = `key: runner-route
name: Runner route
flows:
  - key: call
    trigger: { type: manual }
    StartAt: Shape
    States:
      Shape: { Type: Pass, Parameters: { "n.$": "$.n" }, Next: Call }
      Call: { Type: Action, Action: test.echo, Parameters: { "n.$": "$.n" }, End: true }
  - key: wait
    trigger: { type: manual }
    StartAt: Pause
    States:
      Pause: { Type: Wait, Seconds: 4, Next: Done }
      Done: { Type: Succeed }
  - key: retry
    trigger: { type: manual }
    StartAt: Call
    States:
      Call:
        Type: Action
        Action: test.flaky
        Retry: [{ ErrorEquals: [States.ALL], IntervalSeconds: 4, MaxAttempts: 2 }]
        End: true
`;

let organizationId: string;
let instanceId: string;

beforeAll(async () => {
  const fresh = await useFreshDatabase("runner");
  useRuntimeConfig(testRuntimeConfig(fresh));
  useWebActionInvoker(() => invoke);
  organizationId = (await createOrganizationWithMember()).organization.id;
  instanceId = (await deployIntegration({ organizationId, manifest })).instance.id;
});

afterAll(() => {
  useWebActionInvoker(undefined);
  useDatabase(inject("databaseUrl"));
  useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
});

function callRunner(options: { secret?: string | null; body?: unknown } = {}) {
  const secret = options.secret === undefined ? SECRET : options.secret;
  return POST(
    new Request("http://localhost/api/runner", {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: options.body === undefined ? "" : JSON.stringify(options.body),
    }),
  );
}

async function statuses(ids: string[]) {
  const rows = await db().execution.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
  return Object.fromEntries(rows.map((r) => [r.id, r.status]));
}

describe("the flow runner route", () => {
  it("refuses a caller without the runner secret", async () => {
    const missing = await callRunner({ secret: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toBe("Bearer");
    expect((await missing.json()).error.message).toContain("RUNNER_SECRET");
    expect((await callRunner({ secret: `${SECRET.slice(0, -1)}x` })).status).toBe(401);
    const bad = await callRunner({ body: { maxSeconds: "soon" } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.message).toMatch(/maxSeconds/);
  });

  it("runs every execution to its end with no worker, including a Wait and a retry that come due later", async () => {
    failuresLeft.clear();
    const start = (flowKey: string, input: unknown) => startExecution(organizationId, { instanceId, flowKey, input, trigger: "manual" });
    const quick = await Promise.all(Array.from({ length: 20 }, (_, n) => start("call", { n })));
    const waiting = await start("wait", {});
    const retried = await start("retry", {});
    failuresLeft.set(retried.id, 1);
    const ids = [...quick.map((e) => e.id), waiting.id, retried.id];

    // Two calls at once, as a platform cron and a kick after ingest might overlap. The Wait and the
    // retry come due 4 s after they started: long enough that these calls end before, even on a busy machine.
    const [first, second] = await Promise.all([callRunner({ body: { maxSeconds: 20 } }), callRunner({ body: { maxSeconds: 20 } })]);
    expect(first.status).toBe(200);
    const reports = [(await first.json()) as DueJobsReport, (await second.json()) as DueJobsReport];
    const ranFirst = reports.reduce((sum, r) => sum + (r.ran["execution:run"] ?? 0), 0);
    expect(ranFirst).toBeGreaterThanOrEqual(22);
    expect(reports.every((r) => r.stoppedBy === "idle" && r.failed === 0)).toBe(true);
    const afterFirst = await statuses(ids);
    expect(quick.every((e) => afterFirst[e.id] === "succeeded")).toBe(true);
    expect(afterFirst[waiting.id]).toBe("waiting");
    expect(afterFirst[retried.id]).toBe("waiting");

    // Later calls, once the Wait and the retry are due, finish them.
    let later: Record<string, string> = afterFirst;
    for (let attempt = 0; attempt < 30 && (later[waiting.id] !== "succeeded" || later[retried.id] !== "succeeded"); attempt++) {
      await new Promise((r) => setTimeout(r, 500));
      const response = await callRunner();
      expect(response.status).toBe(200);
      later = await statuses(ids);
    }
    expect(later[waiting.id]).toBe("succeeded");
    expect(later[retried.id]).toBe("succeeded");

    // Every action ran once per attempt: no call ran one twice.
    const keys = calls.filter((c) => ids.includes(c.context.Execution.Id)).map((c) => c.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toHaveLength(20 + 2);
    const [{ jobs }] = await db().$queryRaw<{ jobs: bigint }[]>`SELECT count(*) AS jobs FROM graphile_worker.jobs WHERE task_identifier = 'execution:run'`;
    expect(Number(jobs)).toBe(0);
  });

  it("hands an execution still running when its time is up back to the queue, for the next call", async () => {
    const slowManifest = `key: runner-route-slow
name: Runner route slow
flows:
  - key: slow
    trigger: { type: manual }
    StartAt: One
    States:
      One: { Type: Action, Action: test.slow, Parameters: { step: 1 }, Next: Two }
      Two: { Type: Action, Action: test.slow, Parameters: { step: 2 }, Next: Three }
      Three: { Type: Action, Action: test.slow, Parameters: { step: 3 }, End: true }
`;
    const slowInstance = (await deployIntegration({ organizationId, manifest: slowManifest })).instance.id;
    const execution = await startExecution(organizationId, { instanceId: slowInstance, flowKey: "slow", input: {}, trigger: "manual" });
    // One call of one second: the first state or two (0.6 s each), then it is handed back at the first commit past its time.
    const first = (await (await callRunner({ body: { maxSeconds: 1 } })).json()) as DueJobsReport;
    expect(first.stoppedBy).toBe("time");
    expect(first.remaining).toBe(1);
    const handedBack = await db().execution.findUniqueOrThrow({
      where: { id: execution.id },
      select: { status: true, stepsCommitted: true, leaseUntil: true },
    });
    expect(handedBack).toMatchObject({ status: "queued", leaseUntil: null });
    expect([1, 2]).toContain(handedBack.stepsCommitted);

    const second = (await (await callRunner()).json()) as DueJobsReport;
    expect(second.stoppedBy).toBe("idle");
    expect((await statuses([execution.id]))[execution.id]).toBe("succeeded");
    const steps = calls.filter((c) => c.context.Execution.Id === execution.id).map((c) => c.stateName);
    expect(steps).toEqual(["One", "Two", "Three"]);
  });
});
