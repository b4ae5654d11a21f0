import { describe, expect, it } from "vitest";
import { describeWait } from "./execution-wait";
import type { ExecutionWaitFacts } from "./execution-wait.repo";

const facts = (over: Partial<ExecutionWaitFacts>): ExecutionWaitFacts => ({
  status: "queued",
  started: false,
  concurrency_key: null,
  concurrency_limit: null,
  ahead: null,
  wait_for: null,
  wait_until: null,
  ...over,
});

describe("why an execution is not running", () => {
  it("says an execution waits for its turn, and how many go first", () => {
    expect(describeWait(facts({ concurrency_key: "i/tickets#42", concurrency_limit: 1, ahead: 1 }))).toBe(
      "Waiting for its turn: events with the same key run one at a time, in arrival order; 1 execution of the same queue goes first.",
    );
    expect(describeWait(facts({ concurrency_key: "i/sync", concurrency_limit: 2, ahead: 5 }))).toBe(
      "Waiting for its turn: this flow runs at most 2 executions at a time for this instance; 5 executions of the same queue go first.",
    );
  });

  it("says when a parked execution goes on, and why it waits", () => {
    const until = new Date("2026-12-07T12:00:05.123Z");
    expect(
      describeWait(
        facts({
          status: "waiting",
          started: true,
          wait_until: until,
          wait_for: { kind: "budget", reason: 'the connection "zendesk" used its budget of 10 requests a second' },
        }),
      ),
    ).toBe('Waiting until 2026-12-07T12:00:05Z: the connection "zendesk" used its budget of 10 requests a second. It holds no worker meanwhile.');
    expect(describeWait(facts({ status: "waiting", started: true, wait_until: until, wait_for: { kind: "retry" } }))).toBe(
      "Waiting to retry the state at 2026-12-07T12:00:05Z.",
    );
    expect(describeWait(facts({ status: "waiting", started: true, wait_for: { kind: "event" } }))).toBe("Waiting for a matching event.");
  });

  it("says nothing of an execution queued for a worker, running or finished", () => {
    expect(describeWait(facts({}))).toBeNull();
    expect(describeWait(facts({ status: "running", started: true, concurrency_key: "i/sync", concurrency_limit: 2 }))).toBeNull();
    expect(describeWait(facts({ status: "succeeded", started: true }))).toBeNull();
  });
});
