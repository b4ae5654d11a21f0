import { describe, expect, it } from "vitest";

import { listTransitions, stateMachineSchema } from "@/server/engine/definition.schema";

const issues = (definition: unknown) => {
  const result = stateMachineSchema.safeParse(definition);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
};

describe("stateMachineSchema", () => {
  it("normalises Task/Resource, matches and Iterator to one spelling", () => {
    const machine = stateMachineSchema.parse({
      StartAt: "T",
      States: {
        T: { Type: "Task", Resource: "zendesk.createTicket", Next: "E" },
        E: { Type: "WaitForEvent", matches: { "$.type": "x" }, Next: "M" },
        M: { Type: "Map", Iterator: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true },
      },
    });
    expect(machine.States.T).toEqual({ Type: "Action", Action: "zendesk.createTicket", Next: "E" });
    expect(machine.States.E).toMatchObject({ Matches: { "$.type": "x" } });
    expect(machine.States.M).toMatchObject({ ItemProcessor: { StartAt: "P" } });
  });

  it("names the field at fault for structural mistakes", () => {
    expect(
      issues({
        StartAt: "A",
        States: {
          A: { Type: "Action", Action: "a.b", Next: "B", End: true },
          B: { Type: "Choice", Choices: [{ Variable: "$.x", Next: "A" }] },
          C: { Type: "Wait", Seconds: 1, Timestamp: "2026-01-01T00:00:00Z", End: true },
          D: { Type: "Pass", Nxt: "A", End: true },
          E: { Type: "Action", Action: "a.b", End: true, Retry: [{ ErrorEquals: ["States.ALL"] }, { ErrorEquals: ["X"] }] },
          F: { Type: "Action", Action: "a.b", End: true, HeartbeatSeconds: 5 },
        },
      }),
    ).toEqual([
      "States.A.End: a state cannot have both Next and End: true",
      "States.B.Choices.0.Variable: a choice rule with Variable needs one comparison operator (e.g. StringEquals)",
      "States.C.Seconds: a Wait state needs exactly one of Seconds, Timestamp, SecondsPath or TimestampPath",
      'States.D: Unrecognized key: "Nxt"',
      "States.E.Retry.0.ErrorEquals: States.ALL must be in the last Retry entry",
      "States.F.HeartbeatSeconds: HeartbeatSeconds is not supported: actions do not send heartbeats",
    ]);
  });

  it("refuses JSONata and distributed Map with a clear message", () => {
    expect(issues({ QueryLanguage: "JSONata", StartAt: "P", States: { P: { Type: "Pass", End: true } } })).toEqual([
      'QueryLanguage: only QueryLanguage "JSONPath" is supported (JSONata is not)',
    ]);
    expect(
      issues({
        StartAt: "M",
        States: { M: { Type: "Map", ItemReader: {}, ItemProcessor: { StartAt: "P", States: { P: { Type: "Pass", End: true } } }, End: true } },
      }),
    ).toEqual(["States.M.ItemReader: ItemReader is not supported: only inline Map over a JSON array"]);
  });

  it("lists every transition a state can take", () => {
    const machine = stateMachineSchema.parse({
      StartAt: "C",
      States: {
        C: { Type: "Choice", Choices: [{ Not: { Variable: "$.a", IsPresent: true }, Next: "A" }], Default: "B" },
        A: { Type: "Action", Action: "x.y", Next: "B", Catch: [{ ErrorEquals: ["States.ALL"], Next: "F" }] },
        B: { Type: "Succeed" },
        F: { Type: "Fail", Error: "Oops" },
      },
    });
    expect(listTransitions(machine.States.C)).toEqual(["A", "B"]);
    expect(listTransitions(machine.States.A)).toEqual(["B", "F"]);
    expect(listTransitions(machine.States.F)).toEqual([]);
  });
});
