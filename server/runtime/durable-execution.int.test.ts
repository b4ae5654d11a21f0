import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { RetryableError } from "@/server/engine/errors";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { cancelExecution, executionDetail, replayExecution, startExecution } from "@/server/modules/executions/executions.service";
import { PostgresExecutionStore } from "./postgres-store";
import { engineDeps } from "./run-states";
import { deliverEventToWaiters } from "./waiter-delivery";

const calls: InvokeActionRequest[] = [];
let failuresLeft = new Map<string, number>();

/** Actions of the test flows: `test.echo` returns its parameters, `test.flaky` fails while told to. */
async function invoke(request: InvokeActionRequest): Promise<unknown> {
  calls.push(request);
  if (request.action === "test.flaky") {
    const left = failuresLeft.get(request.stateName) ?? 0;
    if (left > 0) {
      failuresLeft.set(request.stateName, left - 1);
      throw new RetryableError("the provider answered 503 Service Unavailable");
    }
  }
  if (request.action === "test.nul") return { text: "before\u0000after" };
  if (request.action === "test.slow") {
    // Waits until the runner aborts it (cancellation) or ten seconds pass.
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      request.signal.addEventListener("abort", () => {
        aborted.push(request.idempotencyKey);
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return { echoed: request.parameters };
}

const aborted: string[] = [];

let worker: Awaited<ReturnType<typeof startTestWorker>>;
let organizationId: string;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  worker = await startTestWorker({ actionInvoker: () => invoke, leaseMs: 3_000 });
});

afterAll(async () => {
  await worker.stop();
});

function chain(states: number) {
  const lines = Array.from({ length: states }, (_, i) => {
    const name = `S${String(i + 1).padStart(2, "0")}`;
    const next = i + 1 < states ? `Next: S${String(i + 2).padStart(2, "0")}` : "End: true";
    return i % 4 === 0
      ? `      ${name}: { Type: Action, Action: test.echo, Parameters: { "step": ${i + 1}, "total.$": "$.total" }, ResultSelector: { "total.$": "States.MathAdd($.echoed.total, 1)" }, ${next} }`
      : `      ${name}: { Type: Pass, Parameters: { "total.$": "States.MathAdd($.total, 1)" }, ${next} }`;
  });
  return `key: chain-${states}-${Date.now()}
name: Chain
flows:
  - key: main
    trigger: { type: manual }
    StartAt: S01
    States:
${lines.join("\n")}
`;
}

/** A manifest with one manually started flow `main` made of the given States (YAML, indented 6). */
function manualFlow(key: string, name: string, startAt: string, states: string, options: { timeoutSeconds?: number } = {}) {
  const timeout = options.timeoutSeconds ? `    TimeoutSeconds: ${options.timeoutSeconds}\n` : "";
  return `key: ${key}-${Date.now()}\nname: ${name}\nflows:\n  - key: main\n    trigger: { type: manual }\n${timeout}    StartAt: ${startAt}\n    States:${states}`;
}

async function finished(executionId: string) {
  return waitFor(async () => {
    const detail = await executionDetail(organizationId, executionId);
    return ["succeeded", "failed", "cancelled"].includes(detail.execution.status) ? detail : null;
  }, `execution ${executionId} to finish`);
}

describe("durable executions", () => {
  it("runs a 20-state flow committing every state once, in order", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: chain(20) });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: { total: 0 }, trigger: "manual" });
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(execution.output).toEqual({ total: 20 });
    expect(steps.map((s) => s.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(new Set(steps.map((s) => s.stateName)).size).toBe(20);
    const keys = calls.filter((c) => c.context.Execution.Id === id).map((c) => c.idempotencyKey);
    expect(keys).toEqual([`${id}:S01:0`, `${id}:S05:0`, `${id}:S09:0`, `${id}:S13:0`, `${id}:S17:0`]);
  });

  it("stores an action output holding a NUL with U+FFFD in its place, instead of failing the commit", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow("nul", "Nul", "Call", "\n      Call: { Type: Action, Action: test.nul, End: true }\n"),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: { note: "in\u0000put" }, trigger: "manual" });
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(execution.output).toEqual({ text: "before\uFFFDafter" });
    expect(execution.input).toEqual({ note: "in\uFFFDput" });
    expect(steps.map((s) => s.output)).toEqual([{ text: "before\uFFFDafter" }]);
  });

  it("retries an action durably with distinct attempts and records each try", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "flaky",
        "Flaky",
        "Call",
        `
      Call:
        Type: Action
        Action: test.flaky
        Parameters: { "n": 1 }
        Retry: [{ ErrorEquals: [States.ALL], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }]
        End: true
`,
      ),
    });
    failuresLeft = new Map([["Call", 2]]);
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(steps.map((s) => [s.status, s.attempt])).toEqual([
      ["retrying", 1],
      ["retrying", 2],
      ["succeeded", 3],
    ]);
    expect(steps[0].error).toMatchObject({ Cause: "the provider answered 503 Service Unavailable" });
  });

  it("parks on a 5 s Wait without holding a worker and resumes when due", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "wait",
        "Wait",
        "Pause",
        `
      Pause: { Type: Wait, Seconds: 5, Next: After }
      After: { Type: Pass, Result: { woke: true }, End: true }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    const parked = await waitFor(async () => {
      const e = await db().execution.findUnique({ where: { id } });
      return e?.status === "waiting" ? e : null;
    }, "the execution to park");
    // Parked means no job is locked by a worker for it: the worker is free for other executions.
    const locked = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE locked_at IS NOT NULL AND key = ${`exec:${id}`}`;
    expect(Number(locked[0].n)).toBe(0);
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(execution.output).toEqual({ woke: true });
    const waited = steps[1].startedAt.getTime() - steps[0].startedAt.getTime();
    expect(waited).toBeGreaterThanOrEqual(5_000);
    expect(parked.waitUntil).not.toBeNull();
  });

  it("resumes a WaitForEvent on a matching event and ignores others", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "wfe",
        "Waits for approval",
        "Approval",
        `
      Approval:
        Type: WaitForEvent
        Matches: { "$.type": approval, "$.ticket": [7, 8] }
        ResultPath: $.approval
        TimeoutSeconds: 60
        Next: Done
      Done: { Type: Succeed }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: { ticket: 7 }, trigger: "manual" });
    await waitFor(async () => (await db().execution.findUnique({ where: { id } }))?.status === "waiting", "the execution to wait");
    const deps = engineDeps(invoke);
    const store = new PostgresExecutionStore({ leaseMs: 3_000 });
    expect(await deliverEventToWaiters(store, organizationId, instance.id, { type: "approval", ticket: 9 }, deps)).toEqual([]);
    expect(await deliverEventToWaiters(store, organizationId, instance.id, { type: "approval", ticket: 7, by: "ada" }, deps)).toEqual([id]);
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(execution.output).toEqual({ ticket: 7, approval: { type: "approval", ticket: 7, by: "ada" } });
    expect(steps.map((s) => s.status)).toEqual(["waiting", "resumed", "succeeded"]);
  });

  it("times a WaitForEvent out with States.Timeout, which Catch can handle", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "wfe-timeout",
        "Times out",
        "Approval",
        `
      Approval:
        Type: WaitForEvent
        Matches: { "$.type": approval }
        TimeoutSeconds: 2
        Catch: [{ ErrorEquals: [States.Timeout], ResultPath: $.error, Next: Escalate }]
        Next: Done
      Escalate: { Type: Pass, Result: escalated, ResultPath: $.outcome, End: true }
      Done: { Type: Succeed }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    const { execution, steps } = await finished(id);
    expect(execution.status).toBe("succeeded");
    expect(execution.output).toMatchObject({ outcome: "escalated", error: { Error: "States.Timeout" } });
    expect(steps.map((s) => s.status)).toEqual(["waiting", "timed-out", "succeeded"]);
  });

  it("cancels a waiting execution for good", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "cancel",
        "Long wait",
        "Pause",
        `
      Pause: { Type: Wait, Seconds: 2, Next: After }
      After: { Type: Pass, End: true }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    await waitFor(async () => (await db().execution.findUnique({ where: { id } }))?.status === "waiting", "the execution to wait");
    await cancelExecution(organizationId, id);
    await new Promise((r) => setTimeout(r, 3_000));
    const { execution, steps } = await executionDetail(organizationId, id);
    expect(execution.status).toBe("cancelled");
    expect(steps).toHaveLength(1);
    await expect(cancelExecution(organizationId, id)).rejects.toThrow(/already was cancelled/);
  });

  it("replays a failed execution from the start and from its failed state, linked to the original", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "replay",
        "Replay",
        "Prepare",
        `
      Prepare: { Type: Pass, Parameters: { "order.$": "$.order", "prepared": true }, Next: Submit }
      Submit: { Type: Action, Action: test.flaky, Parameters: { "order.$": "$.order" }, ResultPath: $.submitted, End: true }
`,
      ),
    });
    failuresLeft = new Map([["Submit", 1]]);
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: { order: 42 }, trigger: "manual" });
    const failed = await finished(id);
    expect(failed.execution.status).toBe("failed");
    expect(failed.execution.error).toMatchObject({ Error: "States.TaskFailed", Cause: "the provider answered 503 Service Unavailable" });

    const fromState = await replayExecution(organizationId, id, { from: "failed-state", version: "same" });
    const replayed = await finished(fromState.id);
    expect(replayed.execution).toMatchObject({ status: "succeeded", replayOfId: id });
    expect(replayed.steps.map((s) => s.stateName)).toEqual(["Submit"]);
    expect(replayed.steps[0].input).toEqual({ order: 42, prepared: true });

    const fromStart = await replayExecution(organizationId, id, { from: "start", version: "latest" });
    const again = await finished(fromStart.id);
    expect(again.execution.status).toBe("succeeded");
    expect(again.steps.map((s) => s.stateName)).toEqual(["Prepare", "Submit"]);
  });

  it("replays from the failed state with that state's real input, secrets included, while the step log shows them redacted", async () => {
    const secret = "replay-secret-value-5b1e";
    const { instance } = await deployIntegration({
      organizationId,
      config: { token: secret },
      manifest: `key: replay-secret-${Date.now()}
name: Replay with a secret
config:
  pages:
    - title: Access
      fields:
        - { key: token, type: secret, required: true }
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Prepare
    States:
      Prepare: { Type: Pass, Parameters: { "token.$": "$$.Config.token", "order.$": "$.order" }, Next: Submit }
      Submit: { Type: Action, Action: test.flaky, Parameters: { "token.$": "$.token", "order.$": "$.order" }, End: true }
`,
    });
    failuresLeft = new Map([["Submit", 1]]);
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: { order: 7 }, trigger: "manual" });
    const failed = await finished(id);
    expect(failed.execution.status).toBe("failed");
    expect(JSON.stringify(failed.steps)).not.toContain(secret);

    const replay = await replayExecution(organizationId, id, { from: "failed-state", version: "same" });
    const replayed = await finished(replay.id);
    expect(replayed.execution.status).toBe("succeeded");
    const submitted = calls.filter((c) => c.context.Execution.Id === replay.id && c.stateName === "Submit");
    expect(submitted.map((c) => c.parameters)).toEqual([{ token: secret, order: 7 }]);
    expect(JSON.stringify(replayed.steps)).not.toContain(secret);
  });

  it("aborts the running action of a cancelled execution and commits nothing after", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "slow",
        "Slow",
        "Slow",
        `
      Slow: { Type: Action, Action: test.slow, Parameters: {}, End: true }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    await waitFor(async () => calls.some((c) => c.context.Execution.Id === id), "the slow action to start");
    await cancelExecution(organizationId, id);
    await waitFor(async () => aborted.includes(`${id}:Slow:0`), "the action to be aborted", 10_000);
    const { execution, steps } = await executionDetail(organizationId, id);
    expect(execution.status).toBe("cancelled");
    expect(steps).toHaveLength(0);
  });

  it("stops a runner whose lease another runner took over: its action is aborted, and it neither renews nor commits", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "taken-over",
        "Taken over",
        "Slow",
        `
      Slow: { Type: Action, Action: test.slow, Parameters: {}, End: true }
`,
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    await waitFor(async () => calls.some((c) => c.context.Execution.Id === id), "the slow action to start");
    // The worker stalls past its lease (as under a long pause) and another runner claims the execution.
    await db().$executeRaw`UPDATE execution SET lease_until = now() - interval '1 second' WHERE id = ${id}::uuid`;
    const other = new PostgresExecutionStore({ leaseMs: 60_000 });
    const claimed = await other.claim(id);
    expect(claimed?.run.leaseToken).toBeTruthy();
    const taken = await db().execution.findUniqueOrThrow({ where: { id }, select: { leaseToken: true, leaseUntil: true } });
    expect(taken.leaseToken).toBe(claimed!.run.leaseToken);

    // The first runner's next renewal finds the claim is no longer its own: its action is aborted, and
    // nothing of it is committed; the new runner's lease is left as it set it.
    await waitFor(async () => aborted.includes(`${id}:Slow:0`), "the first runner's action to be aborted", 10_000);
    await new Promise((r) => setTimeout(r, 1_500));
    const after = await db().execution.findUniqueOrThrow({ where: { id }, select: { status: true, stepsCommitted: true, leaseToken: true, leaseUntil: true } });
    expect(after).toEqual({ status: "running", stepsCommitted: 0, leaseToken: taken.leaseToken, leaseUntil: taken.leaseUntil });

    await cancelExecution(organizationId, id);
    await other.release(id, true);
  });

  it("fails with States.Timeout when the flow runs past its TimeoutSeconds", async () => {
    const { instance } = await deployIntegration({
      organizationId,
      manifest: manualFlow(
        "timeout",
        "Timeout",
        "Pause",
        `
      Pause: { Type: Wait, Seconds: 2, Next: Late }
      Late: { Type: Pass, End: true }
`,
        { timeoutSeconds: 1 },
      ),
    });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    const { execution } = await finished(id);
    expect(execution.status).toBe("failed");
    expect(execution.error).toMatchObject({ Error: "States.Timeout" });
  });
});
