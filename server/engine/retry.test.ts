import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { ErrorNames, NonRetryableError, RetryAfterError, RetryableError, StatesError, toStatesError } from "@/server/engine/errors";
import { errorMatches, findCatcher, planRetry, retryDelayMs } from "@/server/engine/retry";

const error = (name: string) => new StatesError(name, "cause");

describe("errorMatches", () => {
  it("matches exact names, States.ALL, and States.TaskFailed for all but States.Timeout", () => {
    expect(errorMatches(["Custom.A"], "Custom.A")).toBe(true);
    expect(errorMatches(["Custom.A"], "Custom.B")).toBe(false);
    expect(errorMatches(["States.ALL"], ErrorNames.Timeout)).toBe(true);
    expect(errorMatches(["States.TaskFailed"], "Custom.B")).toBe(true);
    expect(errorMatches(["States.TaskFailed"], ErrorNames.Timeout)).toBe(false);
  });

  it("never matches terminal errors, even with States.ALL", () => {
    for (const name of [ErrorNames.Runtime, ErrorNames.DataLimitExceeded, ErrorNames.StatesVisitedLimitExceeded])
      expect(errorMatches(["States.ALL", name], name)).toBe(false);
  });
});

describe("retry delays", () => {
  it("grows by BackoffRate and stops at MaxDelaySeconds", () => {
    const retrier = { ErrorEquals: ["States.ALL"], IntervalSeconds: 2, BackoffRate: 3, MaxDelaySeconds: 30 };
    expect([0, 1, 2, 3].map((attempt) => retryDelayMs(retrier, attempt, () => 0))).toEqual([2000, 6000, 18000, 30000]);
    expect(retryDelayMs({ ErrorEquals: ["States.ALL"] }, 2, () => 0)).toBe(4000);
  });

  it("FULL jitter stays within [0, capped delay]", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100 }),
        fc.double({ min: 1, max: 5, noNaN: true }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (interval, rate, attempt, random) => {
          const retrier = { ErrorEquals: ["States.ALL"], IntervalSeconds: interval, BackoffRate: rate, MaxDelaySeconds: 600, JitterStrategy: "FULL" as const };
          const delay = retryDelayMs(retrier, attempt, () => random);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(Math.min(interval * rate ** attempt, 600) * 1000);
        },
      ),
    );
  });
});

describe("planRetry", () => {
  const retriers = [
    { ErrorEquals: ["Custom.A"], MaxAttempts: 2 },
    { ErrorEquals: ["States.ALL"], MaxAttempts: 1, IntervalSeconds: 5 },
  ];

  it("uses the first matching retrier and counts attempts per retrier", () => {
    expect(planRetry(retriers, error("Custom.A"), [], () => 0)).toEqual({ delayMs: 1000, retrierIndex: 0, retrierAttempts: [1, 0] });
    expect(planRetry(retriers, error("Custom.A"), [1, 0], () => 0)).toEqual({ delayMs: 2000, retrierIndex: 0, retrierAttempts: [2, 0] });
    expect(planRetry(retriers, error("Custom.B"), [2, 0], () => 0)).toEqual({ delayMs: 5000, retrierIndex: 1, retrierAttempts: [2, 1] });
  });

  it("does not fall through to later retriers once the matching one is exhausted", () => {
    expect(planRetry(retriers, error("Custom.A"), [2, 0], () => 0)).toBeNull();
  });

  it("skips Retry for NonRetryableError and lets RetryAfterError set the delay", () => {
    expect(planRetry(retriers, toStatesError(new NonRetryableError("bad request")), [], () => 0)).toBeNull();
    expect(planRetry(retriers, toStatesError(new RetryAfterError(42)), [], () => 0)?.delayMs).toBe(42_000);
  });
});

describe("thrown errors as ASL errors", () => {
  it("keeps custom names and maps the rest to States.TaskFailed", () => {
    class RateLimited extends Error {
      override name = "Zendesk.RateLimited";
    }
    expect(toStatesError(new RateLimited("slow down"))).toMatchObject({ name: "Zendesk.RateLimited", cause: "slow down" });
    expect(toStatesError(new TypeError("x is undefined"))).toMatchObject({ name: ErrorNames.TaskFailed, cause: "x is undefined" });
    expect(toStatesError("plain string")).toMatchObject({ name: ErrorNames.TaskFailed, cause: "plain string" });
    expect(toStatesError(new RetryableError("503", { errorName: "Http.ServerError" }))).toMatchObject({ name: "Http.ServerError", retryable: true });
    expect(toStatesError(new NonRetryableError("404"))).toMatchObject({ name: ErrorNames.TaskFailed, retryable: false });
  });

  it("finds the first matching catcher; a NonRetryableError is still catchable", () => {
    const catchers = [
      { ErrorEquals: ["Custom.X"], Next: "A" },
      { ErrorEquals: ["States.ALL"], Next: "B" },
    ];
    expect(findCatcher(catchers, toStatesError(new NonRetryableError("no")))?.Next).toBe("B");
    expect(findCatcher(catchers, error(ErrorNames.Runtime))).toBeUndefined();
  });
});
