import { afterEach, describe, expect, it, vi } from "vitest";

import { ErrorNames, NonRetryableError, RetryAfterError } from "@/server/engine/errors";
import { runState } from "@/server/engine/run-state";
import { buildExecutionContext, type EngineDeps } from "@/server/engine/step-outcome";
import { createTestDeps, parseMachine, runDefinition, type LocalAction } from "@/server/engine/test-deps";

const context = buildExecutionContext({ id: "exec-7", input: {}, startTime: new Date("2026-01-01T00:00:00Z") });
const step = (definition: unknown, stateName: string, input: unknown, deps: EngineDeps, extra: { retryCount?: number; visit?: number } = {}) =>
  runState({ machine: parseMachine(definition), stateName, input, context, deps, ...extra });
const oneAction = (fields: Record<string, unknown> = {}) => ({
  StartAt: "Call",
  States: { Call: { Type: "Action", Action: "crm.createContact", Connection: "crm", End: true, ...fields }, Handled: { Type: "Pass", End: true } },
});

afterEach(() => {
  vi.useRealTimers();
});

describe("runState: Action", () => {
  it("invokes the action with parameters, connection and the idempotency key", async () => {
    const deps = createTestDeps({ actions: { Call: (parameters) => ({ id: 1, echo: parameters }) } });
    const outcome = await step(oneAction({ Parameters: { "email.$": "$.email", "try.$": "$$.State.RetryCount" } }), "Call", { email: "a@b.c" }, deps, {
      retryCount: 2,
    });
    expect(outcome).toEqual({ kind: "succeed", output: { id: 1, echo: { email: "a@b.c", try: 2 } } });
    expect(deps.calls[0]).toMatchObject({ action: "crm.createContact", connection: "crm", idempotencyKey: "exec-7:Call:2" });
  });

  it("keeps idempotency keys unique when a loop re-enters a state", async () => {
    const deps = createTestDeps({ actions: { Call: () => 1 } });
    await step(oneAction(), "Call", {}, deps, { visit: 3 });
    expect(deps.calls[0].idempotencyKey).toBe("exec-7:Call#3:0");
  });

  it("returns a retry outcome with the retrier's delay, then Catch once retries run out", async () => {
    const deps = createTestDeps({
      actions: {
        Call: () => {
          throw Object.assign(new Error("down"), { name: "Crm.Unavailable" });
        },
      },
    });
    const definition = oneAction({
      Retry: [{ ErrorEquals: ["Crm.Unavailable"], IntervalSeconds: 3, MaxAttempts: 1 }],
      Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Handled" }],
    });
    expect(await step(definition, "Call", { a: 1 }, deps)).toEqual({
      kind: "retry",
      delayMs: 3000,
      error: "Crm.Unavailable",
      cause: "down",
      retrierAttempts: [1],
    });
    expect(await step(definition, "Call", { a: 1 }, deps, { retryCount: 1 })).toEqual({
      kind: "next",
      next: "Handled",
      output: { a: 1, error: { Error: "Crm.Unavailable", Cause: "down" } },
      caught: { Error: "Crm.Unavailable", Cause: "down" },
    });
  });

  it("honours NonRetryableError and RetryAfterError", async () => {
    const retry = { Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 5 }] };
    const nonRetryable = createTestDeps({
      actions: {
        Call: () => {
          throw new NonRetryableError("invalid email", { errorName: "Crm.Invalid" });
        },
      },
    });
    expect(await step(oneAction(retry), "Call", {}, nonRetryable)).toEqual({ kind: "fail", error: "Crm.Invalid", cause: "invalid email" });
    const rateLimited = createTestDeps({
      actions: {
        Call: () => {
          throw new RetryAfterError(90);
        },
      },
    });
    expect(await step(oneAction(retry), "Call", {}, rateLimited)).toMatchObject({ kind: "retry", delayMs: 90_000 });
  });

  it("aborts the action's signal and raises States.Timeout after TimeoutSeconds", async () => {
    vi.useFakeTimers();
    let signal: AbortSignal | undefined;
    const hang: LocalAction = (_, request) => {
      signal = request.signal;
      return new Promise(() => undefined);
    };
    const pending = step(oneAction({ TimeoutSeconds: 5 }), "Call", {}, createTestDeps({ actions: { Call: hang } }));
    await vi.advanceTimersByTimeAsync(5_000);
    expect(await pending).toMatchObject({ kind: "fail", error: ErrorNames.Timeout });
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toMatchObject({ name: ErrorNames.Timeout });
  });
});

describe("runState: parking states", () => {
  it("turns a Wait into a wait outcome at the right time", async () => {
    const deps = createTestDeps();
    const definition = { StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.delay", Next: "Done" }, Done: { Type: "Succeed" } } };
    expect(await step(definition, "W", { delay: 90 }, deps)).toEqual({
      kind: "wait",
      until: new Date("2026-01-01T00:01:30Z"),
      next: "Done",
      end: false,
      output: { delay: 90 },
    });
    expect(await step(definition, "W", { delay: "soon" }, deps)).toMatchObject({
      kind: "fail",
      error: ErrorNames.Runtime,
      cause: expect.stringMatching(/non-negative number/),
    });
  });

  it("fails a Fail state with its error and cause", async () => {
    const definition = { StartAt: "F", States: { F: { Type: "Fail", ErrorPath: "$.code", Cause: "stopped" } } };
    expect(await step(definition, "F", { code: "Flow.Stopped" }, createTestDeps())).toEqual({ kind: "fail", error: "Flow.Stopped", cause: "stopped" });
  });
});

describe("limits", () => {
  it("refuses oversized payloads with States.DataLimitExceeded, which Catch cannot handle", async () => {
    const deps = createTestDeps({ actions: { Call: () => "x".repeat(200) }, limits: { maxPayloadBytes: 100 } });
    const outcome = await step(oneAction({ Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }] }), "Call", {}, deps);
    expect(outcome).toMatchObject({ kind: "fail", error: ErrorNames.DataLimitExceeded, cause: expect.stringMatching(/over the 100-byte limit/) });
  });

  it("stops runaway loops after maxStatesVisited", async () => {
    const loop = { StartAt: "A", States: { A: { Type: "Pass", Next: "B" }, B: { Type: "Pass", Next: "A" } } };
    const result = await runDefinition(loop, {}, createTestDeps({ limits: { maxStatesVisited: 25 } }));
    expect(result).toMatchObject({ status: "failed", error: ErrorNames.StatesVisitedLimitExceeded, statesVisited: 26 });
  });

  it("refuses Maps over maxMapItems", async () => {
    const map = { StartAt: "M", States: { M: { Type: "Map", ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } } };
    expect(await runDefinition(map, [1, 2, 3], createTestDeps({ limits: { maxMapItems: 2 } }))).toMatchObject({
      status: "failed",
      error: ErrorNames.MapItemsLimitExceeded,
    });
  });
});

describe("Map and Parallel branches", () => {
  const mapOf = (processor: Record<string, unknown>, fields: Record<string, unknown> = {}) => ({
    StartAt: "M",
    States: { M: { Type: "Map", ItemProcessor: processor, End: true, ...fields } },
  });

  it("never runs more than MaxConcurrency items at once", async () => {
    let running = 0;
    let peak = 0;
    const work: LocalAction = async (input) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((resolve) => setTimeout(resolve, 2));
      running--;
      return input;
    };
    const result = await runDefinition(
      mapOf({ StartAt: "Work", States: { Work: { Type: "Action", Action: "x.work", End: true } } }, { MaxConcurrency: 2 }),
      [1, 2, 3, 4, 5],
      createTestDeps({ actions: { Work: work } }),
    );
    expect(result).toMatchObject({ status: "succeeded", output: [1, 2, 3, 4, 5] });
    expect(peak).toBe(2);
  });

  it("gives each item its own idempotency key", async () => {
    const deps = createTestDeps({ actions: { Work: () => null } });
    await runDefinition(mapOf({ StartAt: "Work", States: { Work: { Type: "Action", Action: "x.work", End: true } } }), ["a", "b"], deps);
    expect(deps.calls.map((call) => call.idempotencyKey).sort()).toEqual(["exec-1:M[0]/Work:0", "exec-1:M[1]/Work:0"]);
  });

  it("cancels the other items when one fails", async () => {
    let slowSignal: AbortSignal | undefined;
    const work: LocalAction = (input, request) => {
      if (input === "bad") throw Object.assign(new Error("nope"), { name: "Item.Bad" });
      slowSignal = request.signal;
      return new Promise(() => undefined);
    };
    const result = await runDefinition(
      mapOf({ StartAt: "Work", States: { Work: { Type: "Action", Action: "x.work", End: true } } }),
      ["slow", "bad"],
      createTestDeps({ actions: { Work: work } }),
    );
    expect(result).toMatchObject({ status: "failed", error: "Item.Bad" });
    expect(slowSignal?.aborted).toBe(true);
  });

  it("sleeps in-process for short Waits and refuses long ones", async () => {
    const waiting = (seconds: number) => mapOf({ StartAt: "W", States: { W: { Type: "Wait", Seconds: seconds, End: true } } });
    const deps = createTestDeps({ limits: { maxBranchWaitSeconds: 60 } });
    expect(await runDefinition(waiting(30), [1], deps)).toMatchObject({ status: "succeeded", output: [1] });
    expect(deps.sleeps).toContain(30_000);
    expect(await runDefinition(waiting(61), [1], deps)).toMatchObject({
      status: "failed",
      error: ErrorNames.UnsupportedInBranch,
      cause: expect.stringMatching(/at most 60 s/),
    });
  });

  it("refuses WaitForEvent inside a branch", async () => {
    const definition = {
      StartAt: "P",
      States: {
        P: { Type: "Parallel", Branches: [{ StartAt: "E", States: { E: { Type: "WaitForEvent", Matches: { "$.type": "approved" }, End: true } } }], End: true },
      },
    };
    expect(await runDefinition(definition, {}, createTestDeps(), { onWaitForEvent: async () => ({ event: {} }) })).toMatchObject({
      status: "failed",
      error: ErrorNames.UnsupportedInBranch,
    });
  });
});
