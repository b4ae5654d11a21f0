/**
 * Property-based fuzzing of what manifests feed the engine: JSONPath, ResultPath, intrinsic
 * functions and payload templates. Whatever the expression and the data, the engine answers with a
 * value or a StatesError whose message names the problem, never a TypeError or a hang.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { StatesError } from "@/server/engine/errors";
import { INTRINSIC_ARITY } from "@/server/engine/intrinsic-parser";
import { evaluateIntrinsic, IntrinsicSyntaxError, parseIntrinsic } from "@/server/engine/intrinsics";
import { applyResultPath, evaluatePath, isValidPath, type ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import { buildExecutionContext } from "@/server/engine/step-outcome";
import { FUZZ_TIMEOUT_MS, fuzzRuns } from "@/server/testing/fuzz";

const context: ContextObject = {
  ...buildExecutionContext({ id: "exec-fuzz", input: {}, startTime: new Date("2026-01-01T00:00:00Z") }),
  State: { Name: "S", EnteredTime: "2026-01-01T00:00:00.000Z", RetryCount: 0 },
  Config: { repo: "acme/webapp", list: [1, 2, 3] },
};
const deps = { random: () => 0.5, uuid: () => "00000000-0000-4000-8000-000000000000" };

/** Runs `run`; a thrown error must be a StatesError with a non-empty message. */
function expectValueOrStatesError(run: () => unknown) {
  try {
    const value = run();
    if (value !== undefined) expect(() => JSON.stringify(value)).not.toThrow();
  } catch (error) {
    expect(error, String(error)).toBeInstanceOf(StatesError);
    expect((error as StatesError).message.length).toBeGreaterThan(0);
  }
}

const KEYS = ["a", "b", "items", "0", "x y", "ünï", "__proto__", "constructor", "length"];

/** Path-shaped strings: a grammar of real segments mixed with broken ones, so both halves are reached. */
const segment = fc.oneof(
  fc.constantFrom(...KEYS).map((key) => (/^[a-z]+$/.test(key) ? `.${key}` : `['${key}']`)),
  fc.nat({ max: 5 }).map((n) => `[${n}]`),
  fc.constantFrom("[*]", ".*", "..a", "[0:2]", "[-1:]", "[0,1]", "[?(@.a > 1)]", "[?(@.b == 'x')]", "[(@.length-1)]"),
  fc.constantFrom("[", "]", "['", ".", "..", "[?(", "(", "[a", "[?(@.constructor.constructor('return 1')())]", "[?(process.exit())]"),
);
const pathLike = fc.oneof(
  fc.tuple(fc.constantFrom("$", "$$", "$$.Config", "$$.Execution"), fc.array(segment, { maxLength: 5 })).map(([root, parts]) => root + parts.join("")),
  fc.string({ maxLength: 30 }),
  fc.string({ maxLength: 20 }).map((tail) => `$${tail}`),
);

const jsonDocument = fc.jsonValue({ maxDepth: 4 }).map((value) => ({ a: value, b: [value, { a: 2 }], items: [{ a: 1 }, { a: 3, b: "x" }] }));

describe("JSONPath", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("isValidPath answers a message or null for any string", () => {
    fc.assert(
      fc.property(fc.oneof(pathLike, fc.string({ maxLength: 60 })), (path) => {
        const verdict = isValidPath(path);
        expect(verdict === null || (typeof verdict === "string" && verdict.length > 0)).toBe(true);
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });

  it("evaluating any path over any document gives a value or a States error", () => {
    fc.assert(
      fc.property(pathLike, fc.oneof(jsonDocument, fc.jsonValue({ maxDepth: 3 })), (path, input) => {
        expectValueOrStatesError(() => evaluatePath(path, input, context));
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });

  it("filter expressions cannot reach JavaScript", () => {
    for (const path of ["$[?(@.constructor.constructor('return process')().exit())]", "$..[?(this.process)]", "$[?(@.a.__proto__.polluted = 1)]"]) {
      expectValueOrStatesError(() => evaluatePath(path, { a: { b: 1 } }, context));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("ResultPath writes or refuses with a States error, and never pollutes prototypes", () => {
    fc.assert(
      fc.property(pathLike, fc.oneof(jsonDocument, fc.jsonValue({ maxDepth: 2 })), fc.jsonValue({ maxDepth: 2 }), (path, input, result) => {
        expectValueOrStatesError(() => applyResultPath(input, result, path));
      }),
      { numRuns: fuzzRuns(1_000) },
    );
    expect(({} as Record<string, unknown>).a).toBeUndefined();
  });
});

/** Intrinsic calls built from the real function names with literal, path and nested arguments. */
const literal = fc.oneof(
  fc.string({ maxLength: 12 }).map((text) => `'${text.replace(/[\\'{}]/g, (c) => `\\${c}`)}'`),
  fc.string({ maxLength: 12 }).map((text) => `'${text}'`),
  fc.oneof(fc.integer({ min: -1_000, max: 1_000 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })).map(String),
  fc.constantFrom("true", "false", "null", "'{}'", "'[1,2]'", "'{\"a\":1}'", "'not json'", "'SHA-256'", "'MD5'", "'nope'", "1e400", "-0"),
  pathLike,
);
const call: fc.Arbitrary<string> = fc.letrec<{ call: string; arg: string }>((tie) => ({
  call: fc
    .tuple(fc.constantFrom(...Object.keys(INTRINSIC_ARITY), "States.Nope", "Format"), fc.array(tie("arg"), { maxLength: 4 }))
    .map(([name, args]) => `${name}(${args.join(", ")})`),
  arg: fc.oneof({ depthSize: "small", withCrossShrink: true }, literal, tie("call")),
})).call;

describe("intrinsic functions", { timeout: FUZZ_TIMEOUT_MS }, () => {
  it("parsing any string gives a call or a syntax error with a position inside the text", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          call,
          fc.string({ maxLength: 40 }),
          call.map((text) => text.slice(0, Math.max(1, text.length - 3))),
        ),
        (expr) => {
          try {
            expect(parseIntrinsic(expr).kind).toBe("call");
          } catch (error) {
            expect(error, String(error)).toBeInstanceOf(IntrinsicSyntaxError);
            const { position } = error as IntrinsicSyntaxError;
            expect(position).toBeGreaterThanOrEqual(0);
            expect(position).toBeLessThanOrEqual(expr.length);
          }
        },
      ),
      { numRuns: fuzzRuns(1_500) },
    );
  });

  it("evaluating any call over any input gives a value or a States error", () => {
    fc.assert(
      fc.property(call, fc.oneof(jsonDocument, fc.jsonValue({ maxDepth: 3 })), (expr, input) => {
        expectValueOrStatesError(() => evaluateIntrinsic(expr, input, context, deps));
      }),
      { numRuns: fuzzRuns(1_500) },
    );
  });

  it("names that exist on every object are not hash algorithms", () => {
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(() => evaluateIntrinsic(`States.Hash('x', '${name}')`, {}, context, deps)).toThrow(/unknown algorithm/);
    }
  });

  it("resource-hungry arguments are refused, not attempted", () => {
    for (const expr of [
      "States.ArrayRange(0, 1e12, 1)",
      "States.ArrayRange(0, 10, 0)",
      "States.ArrayPartition(States.Array(1,2), 0)",
      "States.MathRandom(1e308, -1e308)",
    ]) {
      expectValueOrStatesError(() => evaluateIntrinsic(expr, {}, context, deps));
    }
  });
});

describe("payload templates", { timeout: FUZZ_TIMEOUT_MS }, () => {
  const template = fc.letrec<{ node: unknown }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 1 }),
      fc.array(tie("node"), { maxLength: 3 }),
      fc.dictionary(
        fc.oneof(
          fc.constantFrom(...KEYS),
          fc.constantFrom(...KEYS).map((key) => `${key}.$`),
        ),
        fc.oneof(tie("node"), pathLike, call),
        { maxKeys: 4 },
      ),
    ),
  })).node;

  it("resolving any template over any input gives a value or a States error", () => {
    fc.assert(
      fc.property(template, fc.oneof(jsonDocument, fc.jsonValue({ maxDepth: 2 })), (parameters, input) => {
        expectValueOrStatesError(() => resolveTemplate(parameters, input, context, deps, "Parameters"));
      }),
      { numRuns: fuzzRuns(800) },
    );
  });
});
