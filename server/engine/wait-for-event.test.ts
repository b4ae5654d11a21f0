import { describe, expect, it } from "vitest";

import { findBranchOnlyViolations } from "@/server/engine/definition.schema";
import { ErrorNames } from "@/server/engine/errors";
import { runState } from "@/server/engine/run-state";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { createTestDeps, parseMachine, runDefinition } from "@/server/engine/test-deps";
import { eventMatches, resumeWaitForEvent, timeoutWaitForEvent } from "@/server/engine/wait-for-event";

const approval = {
  StartAt: "AwaitApproval",
  States: {
    AwaitApproval: {
      Type: "WaitForEvent",
      matches: { "$.type": "approval", "$.body.decision": ["approved", "rejected"] },
      TimeoutSeconds: 3600,
      ResultSelector: { "decision.$": "$.body.decision" },
      ResultPath: "$.approval",
      Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.error", Next: "Expired" }],
      Next: "Done",
    },
    Expired: { Type: "Pass", Result: "expired", End: true },
    Done: { Type: "Succeed" },
  },
};
const machine = parseMachine(approval);
const context = buildExecutionContext({ id: "exec-3", input: {}, startTime: new Date("2026-01-01T00:00:00Z") });

describe("WaitForEvent", () => {
  it("parks with the matches and a timeout", async () => {
    const deps = createTestDeps();
    const outcome = await runState({ machine, stateName: "AwaitApproval", input: { ticket: 7 }, context, deps });
    expect(outcome).toEqual({
      kind: "waitForEvent",
      matches: { "$.type": "approval", "$.body.decision": ["approved", "rejected"] },
      timeoutAt: new Date("2026-01-01T01:00:00Z"),
      stateInput: { ticket: 7 },
    });
  });

  it("matches events on every path, against one value or a list", () => {
    const matches = { "$.type": "approval", "$.body.decision": ["approved", "rejected"] };
    expect(eventMatches(matches, { type: "approval", body: { decision: "approved" } })).toBe(true);
    expect(eventMatches(matches, { type: "approval", body: { decision: "maybe" } })).toBe(false);
    expect(eventMatches(matches, { type: "approval" })).toBe(false);
    expect(eventMatches({ "$.tags[*]": "urgent" }, { tags: ["low", "urgent"] })).toBe(true);
  });

  it("resumes with the event placed by ResultSelector and ResultPath", () => {
    const outcome = resumeWaitForEvent({
      machine,
      stateName: "AwaitApproval",
      stateInput: { ticket: 7 },
      event: { type: "approval", body: { decision: "approved" } },
      context,
      deps: createTestDeps(),
    });
    expect(outcome).toEqual({ kind: "next", next: "Done", output: { ticket: 7, approval: { decision: "approved" } } });
  });

  it("times out through Catch, or fails with States.Timeout when nothing catches it", () => {
    expect(timeoutWaitForEvent({ machine, stateName: "AwaitApproval", stateInput: { ticket: 7 } })).toMatchObject({
      kind: "next",
      next: "Expired",
      output: { ticket: 7, error: { Error: ErrorNames.Timeout } },
    });
    const uncaught = parseMachine({ StartAt: "E", States: { E: { Type: "WaitForEvent", Matches: { "$.a": 1 }, TimeoutSeconds: 5, End: true } } });
    expect(timeoutWaitForEvent({ machine: uncaught, stateName: "E", stateInput: {} })).toMatchObject({ kind: "fail", error: ErrorNames.Timeout });
  });

  it("runs end to end in memory with an event source", async () => {
    const result = await runDefinition(approval, { ticket: 1 }, createTestDeps(), {
      onWaitForEvent: async () => ({ event: { type: "approval", body: { decision: "rejected" } } }),
    });
    expect(result).toMatchObject({ status: "succeeded", output: { ticket: 1, approval: { decision: "rejected" } } });
    expect(await runDefinition(approval, {}, createTestDeps(), { onWaitForEvent: async () => ({ timedOut: true }) })).toMatchObject({
      status: "succeeded",
      output: "expired",
    });
  });

  it("is reported by the static helper when placed inside a branch", () => {
    const nested = parseMachine({
      StartAt: "M",
      States: { M: { Type: "Map", ItemProcessor: { StartAt: "E", States: { E: { Type: "WaitForEvent", Matches: { "$.a": 1 }, End: true } } }, End: true } },
    });
    expect(findBranchOnlyViolations(nested)).toEqual([
      { path: ["States", "M", "ItemProcessor", "States", "E", "Type"], message: expect.stringMatching(/cannot be used inside a Map or Parallel branch/) },
    ]);
    expect(findBranchOnlyViolations(machine)).toEqual([]);
  });
});
