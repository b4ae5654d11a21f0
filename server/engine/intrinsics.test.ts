import { describe, expect, it } from "vitest";

import { ErrorNames } from "@/server/engine/errors";
import { evaluateIntrinsic, parseIntrinsic, IntrinsicSyntaxError } from "@/server/engine/intrinsics";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import type { ContextObject } from "@/server/engine/paths";

const context: ContextObject = {
  ...buildExecutionContext({ id: "exec-9", input: {}, startTime: new Date("2026-01-01T00:00:00Z") }),
  State: { Name: "S", EnteredTime: "2026-01-01T00:00:00.000Z", RetryCount: 0 },
};
const deps = { random: () => 0.25, uuid: () => "uuid-1" };
const run = (expr: string, input: unknown = {}) => evaluateIntrinsic(expr, input, context, deps);
const failure = (expr: string, input: unknown = {}) => {
  try {
    run(expr, input);
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error(`${expr} did not fail`);
};

describe("parseIntrinsic", () => {
  it("parses nested calls, literals and paths", () => {
    const call = parseIntrinsic("States.Format('a {} b', States.Array(1, -2.5, true, false, null), $.x[0]['y z'])");
    expect(call.name).toBe("States.Format");
    expect(call.args.map((arg) => arg.kind)).toEqual(["string", "call", "path"]);
    const inner = call.args[1];
    expect(inner.kind === "call" && inner.args.map((arg) => ("value" in arg ? arg.value : arg.kind))).toEqual([1, -2.5, true, false, "null"]);
    expect(call.args[2]).toMatchObject({ kind: "path", path: "$.x[0]['y z']" });
  });

  it("reports position and reason for malformed expressions", () => {
    const cases: [string, RegExp, number][] = [
      ["States.Format('unterminated", /unterminated string/, 14],
      ["States.Nope(1)", /unknown intrinsic function States.Nope/, 0],
      ["States.ArrayLength($.a, 2)", /takes 1 argument, got 2/, 0],
      ["States.Array(1 2)", /expected "," or "\)"/, 15],
      ["States.Array(1", /found the end of the expression/, 14],
      ["States.UUID() extra", /expected the end of the expression/, 14],
      ["States.Array(#)", /unexpected character "#"/, 13],
    ];
    for (const [expr, message, position] of cases) {
      const error = (() => {
        try {
          parseIntrinsic(expr);
        } catch (caught) {
          return caught as IntrinsicSyntaxError;
        }
      })();
      expect(error, expr).toBeInstanceOf(IntrinsicSyntaxError);
      expect(error?.message, expr).toMatch(message);
      expect(error?.position, expr).toBe(position);
    }
  });
});

describe("evaluateIntrinsic", () => {
  it("formats with escapes for quotes, braces and backslashes", () => {
    expect(run("States.Format('{} says \\'hi\\' \\{literal\\} \\\\ {}', $.a, $.b)", { a: "Ada", b: null })).toBe("Ada says 'hi' {literal} \\ null");
  });

  it("counts placeholders and values in plain English when they do not match", () => {
    expect(() => run("States.Format('{} and {}', $.a)", { a: 1 })).toThrow("the template has more {} placeholders than the 1 value given");
    expect(() => run("States.Format('{}', $.a, $.b)", { a: 1, b: 2 })).toThrow("the template has 1 {} placeholder but 2 values were given");
  });

  it("reads the context object and nested calls", () => {
    expect(run("States.Format('{}/{}', $$.Execution.Id, States.MathAdd(1, 2))")).toBe("exec-9/3");
  });

  it("covers the array functions", () => {
    expect(run("States.ArrayPartition(States.ArrayRange(1, 5, 1), 2)")).toEqual([[1, 2], [3, 4], [5]]);
    expect(run("States.ArrayContains($.a, $.o)", { a: [{ k: 1 }], o: { k: 1 } })).toBe(true);
    expect(run("States.ArrayUnique($.a)", { a: [{ k: 1 }, { k: 1 }, 2] })).toEqual([{ k: 1 }, 2]);
    expect(run("States.ArrayGetItem($.a, 0)", { a: ["x"] })).toBe("x");
    expect(run("States.ArrayLength(States.Array())")).toBe(0);
  });

  it("hashes, encodes and splits", () => {
    expect(run("States.Hash('abc', 'SHA-256')")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(run("States.Base64Decode(States.Base64Encode('héllo'))")).toBe("héllo");
    expect(run("States.StringSplit('a.b+c,,d', '.+,')")).toEqual(["a", "b", "c", "d"]);
    expect(run("States.StringToJson(States.JsonToString($.o))", { o: { a: [1] } })).toEqual({ a: [1] });
  });

  it("merges shallow or deep", () => {
    const input = { a: { n: { x: 1 }, k: 1 }, b: { n: { y: 2 } } };
    expect(run("States.JsonMerge($.a, $.b, false)", input)).toEqual({ n: { y: 2 }, k: 1 });
    expect(run("States.JsonMerge($.a, $.b, true)", input)).toEqual({ n: { x: 1, y: 2 }, k: 1 });
  });

  it("merges a __proto__ key of the data as a key, not as a prototype", () => {
    const both = JSON.parse('{ "a": { "__proto__": { "x": 1 } }, "b": { "__proto__": { "y": 2 } } }');
    expect(Object.getOwnPropertyDescriptor(run("States.JsonMerge($.a, $.b, true)", both), "__proto__")?.value).toEqual({ x: 1, y: 2 });
    const onlyRight = JSON.parse('{ "a": { "k": 1 }, "b": { "__proto__": { "y": 2 } } }');
    const merged = run("States.JsonMerge($.a, $.b, true)", onlyRight) as Record<string, unknown>;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(merged, "__proto__")?.value).toEqual({ y: 2 });
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it("uses injected randomness, and a seed repeats its answer", () => {
    expect(run("States.MathRandom(10, 20)")).toBe(12);
    expect(run("States.UUID()")).toBe("uuid-1");
    const seeded = run("States.MathRandom(0, 1000, 7)");
    expect(run("States.MathRandom(0, 1000, 7)")).toBe(seeded);
    expect(seeded).toBeGreaterThanOrEqual(0);
    expect(seeded).toBeLessThan(1000);
  });

  it("fails with States.IntrinsicFailure saying what was wrong", () => {
    expect(failure("States.ArrayLength($.s)", { s: "x" })).toEqual({
      name: ErrorNames.IntrinsicFailure,
      message: "States.ArrayLength: argument 1 must be an array, got a string",
    });
    expect(failure("States.Hash('x', 'CRC32')").message).toMatch(/unknown algorithm "CRC32"/);
    expect(failure("States.ArrayPartition($.a, 0)", { a: [1] }).message).toMatch(/chunk size must be greater than 0/);
    expect(failure("States.ArrayRange(1, 5000, 1)").message).toMatch(/more than 1000 items/);
    expect(failure("States.Base64Decode('@@')").message).toMatch(/not valid base64/);
    expect(failure("States.Format('{}', $.o)", { o: {} }).message).toMatch(/must be a string, number, boolean or null/);
    expect(failure("States.Format(oops").name).toBe(ErrorNames.IntrinsicFailure);
  });

  it("treats a path that matches nothing as States.Runtime, like any payload path", () => {
    expect(failure("States.ArrayLength($.missing)").name).toBe(ErrorNames.Runtime);
  });
});
