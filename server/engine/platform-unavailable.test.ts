import { describe, expect, it } from "vitest";
import { PlatformUnavailableError } from "@/server/engine/errors";
import { runState } from "@/server/engine/run-state";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { createTestDeps, parseMachine } from "@/server/engine/test-deps";

/** The platform's database went away during a step: not the flow's error, so no Retry, no Catch, no outcome. */
const context = buildExecutionContext({ id: "exec-9", input: {}, startTime: new Date("2026-01-01T00:00:00Z") });
const outage = () => {
  throw new PlatformUnavailableError("the database could not be reached during the step; it will run again");
};
const catchAll = { Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 3 }], Catch: [{ ErrorEquals: ["States.ALL"], Next: "Handled" }] };

describe("PlatformUnavailableError", () => {
  it("escapes an Action state even past Retry and Catch on States.ALL", async () => {
    const machine = parseMachine({
      StartAt: "Call",
      States: { Call: { Type: "Action", Action: "crm.createContact", End: true, ...catchAll }, Handled: { Type: "Pass", End: true } },
    });
    const deps = createTestDeps({ actions: { Call: outage } });
    await expect(runState({ machine, stateName: "Call", input: {}, context, deps })).rejects.toBeInstanceOf(PlatformUnavailableError);
  });

  it("escapes a Map whose branch hit it, instead of failing the branch", async () => {
    const machine = parseMachine({
      StartAt: "Each",
      States: {
        Each: {
          Type: "Map",
          ItemsPath: "$.items",
          ItemProcessor: { StartAt: "Call", States: { Call: { Type: "Action", Action: "crm.createContact", End: true } } },
          End: true,
          ...catchAll,
        },
        Handled: { Type: "Pass", End: true },
      },
    });
    const deps = createTestDeps({ actions: { Call: outage } });
    await expect(runState({ machine, stateName: "Each", input: { items: [1, 2] }, context, deps })).rejects.toBeInstanceOf(PlatformUnavailableError);
  });
});
