import { describe, expect, it } from "vitest";

import { chooseNext, evaluateCondition, stringMatches } from "@/server/engine/choice";
import type { ChoiceCondition } from "@/server/engine/choice.schema";
import { ErrorNames } from "@/server/engine/errors";
import type { ContextObject } from "@/server/engine/paths";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { parseMachine } from "@/server/engine/test-deps";

const context: ContextObject = {
  ...buildExecutionContext({ id: "e", input: {}, startTime: new Date(0) }, { Config: { threshold: 10 } }),
  State: { Name: "R", EnteredTime: new Date(0).toISOString(), RetryCount: 0 },
};
const test = (condition: ChoiceCondition, input: unknown) => evaluateCondition(condition, input, context);

describe("choice rules", () => {
  it("compares within a type and is false across types", () => {
    expect(test({ Variable: "$.n", NumericGreaterThanEquals: 3 }, { n: 3 })).toBe(true);
    expect(test({ Variable: "$.n", NumericEquals: 3 }, { n: "3" })).toBe(false);
    expect(test({ Variable: "$.s", StringLessThan: "b" }, { s: "a" })).toBe(true);
    expect(test({ Variable: "$.b", BooleanEquals: true }, { b: "true" })).toBe(false);
  });

  it("compares timestamps as instants, whatever the offset", () => {
    expect(test({ Variable: "$.t", TimestampEquals: "2026-01-01T01:00:00+01:00" }, { t: "2026-01-01T00:00:00Z" })).toBe(true);
    expect(test({ Variable: "$.t", TimestampLessThan: "2026-01-01T00:00:00Z" }, { t: "not a date" })).toBe(false);
  });

  it("reads the other side of …Path operators, including the context object", () => {
    expect(test({ Variable: "$.n", NumericGreaterThanPath: "$$.Config.threshold" }, { n: 11 })).toBe(true);
    expect(test({ Variable: "$.a", StringEqualsPath: "$.b" }, { a: "x", b: "x" })).toBe(true);
  });

  it("supports every type test in both polarities", () => {
    const input = { n: null, num: 1, s: "s", b: false, t: "2026-01-01T00:00:00Z" };
    expect(test({ Variable: "$.n", IsNull: true }, input)).toBe(true);
    expect(test({ Variable: "$.num", IsNumeric: false }, input)).toBe(false);
    expect(test({ Variable: "$.s", IsString: true }, input)).toBe(true);
    expect(test({ Variable: "$.b", IsBoolean: true }, input)).toBe(true);
    expect(test({ Variable: "$.t", IsTimestamp: true }, input)).toBe(true);
    expect(test({ Variable: "$.s", IsTimestamp: false }, input)).toBe(true);
    expect(test({ Variable: "$.gone", IsPresent: false }, input)).toBe(true);
  });

  it("combines with And, Or and Not", () => {
    const rule: ChoiceCondition = {
      And: [
        { Variable: "$.a", IsPresent: true },
        {
          Not: {
            Or: [
              { Variable: "$.a", NumericEquals: 1 },
              { Variable: "$.a", NumericEquals: 2 },
            ],
          },
        },
      ],
    };
    expect(test(rule, { a: 3 })).toBe(true);
    expect(test(rule, { a: 2 })).toBe(false);
    expect(test(rule, {})).toBe(false);
  });

  it("fails with States.Runtime when a compared Variable is missing", () => {
    expect(() => test({ Variable: "$.gone", StringEquals: "x" }, {})).toThrow(
      expect.objectContaining({ name: ErrorNames.Runtime, message: expect.stringMatching(/guard it with IsPresent/) }),
    );
  });

  it("matches StringMatches wildcards and escapes", () => {
    expect(stringMatches("log-1.txt", "log-*.txt")).toBe(true);
    expect(stringMatches("log-1.csv", "log-*.txt")).toBe(false);
    expect(stringMatches("a*b", "a\\*b")).toBe(true);
    expect(stringMatches("axb", "a\\*b")).toBe(false);
    expect(stringMatches("a\\b", "a\\\\b")).toBe(true);
    expect(stringMatches("(x)+[y]", "(*)+[y]")).toBe(true);
  });

  it("takes the first matching rule, then Default, else States.NoChoiceMatched", () => {
    const machine = parseMachine({
      StartAt: "R",
      States: {
        R: {
          Type: "Choice",
          Choices: [
            { Variable: "$.n", NumericGreaterThan: 5, Next: "Big" },
            { Variable: "$.n", NumericGreaterThan: 0, Next: "Small" },
          ],
        },
        Big: { Type: "Succeed" },
        Small: { Type: "Succeed" },
      },
    });
    const state = machine.States.R;
    if (state.Type !== "Choice") throw new Error("expected a Choice");
    expect(chooseNext(state, { n: 9 }, context)).toBe("Big");
    expect(chooseNext(state, { n: 1 }, context)).toBe("Small");
    expect(() => chooseNext(state, { n: -1 }, context)).toThrow(expect.objectContaining({ name: ErrorNames.NoChoiceMatched }));
    expect(chooseNext({ ...state, Default: "Small" }, { n: -1 }, context)).toBe("Small");
  });
});
