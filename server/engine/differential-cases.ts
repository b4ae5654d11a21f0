import type { InvokeActionRequest } from "@/server/engine/step-outcome";

/**
 * Cases for differential.test.ts: a definition, an input and the local task functions both engines
 * call (keyed by Task state name). `tasks` is a factory so each engine gets fresh counters.
 * `divergence` marks a case where aws-local-stepfunctions departs from the AWS spec: our engine
 * must give `expected`, the reference is asserted to still give `reference` so the note stays true.
 */

type Outcome = { output: unknown } | { error: string };
type Task = (input: unknown, request: InvokeActionRequest) => unknown;

export interface DifferentialCase {
  name: string;
  definition: Record<string, unknown>;
  input: unknown;
  tasks?: () => Record<string, Task>;
  divergence?: { expected: Outcome; reference: Outcome; why: string };
}

class NamedError extends Error {
  constructor(name: string, message = `${name} happened`) {
    super(message);
    this.name = name;
  }
}

const task = (name: string, fields: Record<string, unknown> = { End: true }) => ({
  Type: "Task",
  Resource: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
  ...fields,
});
const single = (state: Record<string, unknown>) => ({ StartAt: "Only", States: { Only: { End: true, ...state } } });
const params = (Parameters: Record<string, unknown>) => single({ Type: "Pass", Parameters });
const pass = (fields: Record<string, unknown> = {}) => ({ Type: "Pass", End: true, ...fields });
/** A Choice routing to two Pass states that say which branch was taken. */
const choice = (rules: Record<string, unknown>[]) => ({
  StartAt: "Route",
  States: {
    Route: { Type: "Choice", Choices: rules.map((rule) => ({ ...rule, Next: "Yes" })), Default: "No" },
    Yes: pass({ Result: "yes" }),
    No: pass({ Result: "no" }),
  },
});
/** Fails `failures` times with `errorName`, then answers with its input plus the number of calls. */
const flaky = (failures: number, errorName: string) => {
  let calls = 0;
  return (input: unknown) => {
    calls++;
    if (calls <= failures) throw new NamedError(errorName, `call ${calls} failed`);
    return { input, calls };
  };
};
const double = (input: unknown) => (input as number) * 2;

const passCases: DifferentialCase[] = [
  { name: "pass: Result replaces input", definition: single({ Type: "Pass", Result: { a: 1 } }), input: { x: 1 } },
  { name: "pass: no Result passes input through", definition: single({ Type: "Pass" }), input: { x: [1, 2] } },
  { name: "pass: ResultPath nested creates objects", definition: single({ Type: "Pass", Result: 7, ResultPath: "$.a.b.c" }), input: { x: 1 } },
  {
    name: "pass: ResultPath into existing object keeps siblings",
    definition: single({ Type: "Pass", Result: 7, ResultPath: "$.a.c" }),
    input: { a: { b: 1 } },
  },
  { name: "pass: ResultPath null discards result", definition: single({ Type: "Pass", Result: 7, ResultPath: null }), input: { x: 1 } },
  { name: "pass: ResultPath on non-object input", definition: single({ Type: "Pass", Result: 7, ResultPath: "$.a" }), input: 5 },
  { name: "pass: InputPath selects", definition: single({ Type: "Pass", InputPath: "$.inner" }), input: { inner: { v: 1 }, other: 2 } },
  { name: "pass: InputPath null gives {}", definition: single({ Type: "Pass", InputPath: null }), input: { x: 1 } },
  { name: "pass: OutputPath selects", definition: single({ Type: "Pass", Result: { keep: 1, drop: 2 }, OutputPath: "$.keep" }), input: {} },
  { name: "pass: OutputPath null gives {}", definition: single({ Type: "Pass", OutputPath: null }), input: { x: 1 } },
  {
    name: "pass: InputPath + Parameters + ResultPath + OutputPath",
    definition: single({ Type: "Pass", InputPath: "$.in", Parameters: { "v.$": "$.v" }, ResultPath: "$.out", OutputPath: "$.out" }),
    input: { in: { v: 3 } },
  },
  {
    name: "pass: Parameters with paths, literals and nesting",
    definition: params({ "a.$": "$.x", lit: "v", nested: { "b.$": "$.y.z", n: 1 } }),
    input: { x: 1, y: { z: [true] } },
  },
  { name: "pass: Parameters inside arrays", definition: params({ list: [{ "a.$": "$.x" }, 2, "s"] }), input: { x: "one" } },
  { name: "pass: Parameters read the context object", definition: params({ "id.$": "$$.Execution.Id", "input.$": "$$.Execution.Input.x" }), input: { x: 9 } },
  { name: "pass: Parameters path that matches nothing", definition: params({ "a.$": "$.missing" }), input: { x: 1 } },
  { name: "pass: wildcard path gives an array", definition: params({ "ids.$": "$.items[*].id" }), input: { items: [{ id: 1 }, { id: 2 }] } },
  {
    name: "pass: filter path",
    definition: params({ "ids.$": "$.items[?(@.n > 1)].id" }),
    input: {
      items: [
        { id: "a", n: 1 },
        { id: "b", n: 2 },
        { id: "c", n: 3 },
      ],
    },
  },
  {
    name: "pass: indefinite path with one match is still an array",
    definition: params({ "ids.$": "$.items[?(@.n > 2)].id" }),
    input: {
      items: [
        { id: "a", n: 1 },
        { id: "c", n: 3 },
      ],
    },
  },
  {
    name: "pass: array index and bracket notation",
    definition: params({ "second.$": "$.items[1]", "spaced.$": "$['a b']" }),
    input: { items: [1, 2, 3], "a b": "ok" },
  },
  { name: "pass: recursive descent", definition: params({ "all.$": "$..id" }), input: { a: { id: 1 }, b: [{ id: 2 }] } },
];

const intrinsicCases: DifferentialCase[] = [
  {
    name: "intrinsic: States.Format",
    definition: params({ "s.$": "States.Format('Hello {}, you are {} ({})', $.name, $.age, $.ok)" }),
    input: { name: "Ada", age: 36, ok: true },
  },
  { name: "intrinsic: States.Format with escaped quote", definition: params({ "s.$": "States.Format('it\\'s {}', $.name)" }), input: { name: "Ada" } },
  { name: "intrinsic: States.StringToJson", definition: params({ "j.$": "States.StringToJson($.raw)" }), input: { raw: '{"a":[1,2],"b":null}' } },
  { name: "intrinsic: States.JsonToString", definition: params({ "s.$": "States.JsonToString($.obj)" }), input: { obj: { a: [1, "x"], b: { c: true } } } },
  { name: "intrinsic: States.Array", definition: params({ "a.$": "States.Array($.x, 'lit', 3, $.y)" }), input: { x: { k: 1 }, y: [2] } },
  { name: "intrinsic: States.ArrayPartition", definition: params({ "p.$": "States.ArrayPartition($.a, 2)" }), input: { a: [1, 2, 3, 4, 5] } },
  {
    name: "intrinsic: States.ArrayContains",
    definition: params({ "yes.$": "States.ArrayContains($.a, 3)", "no.$": "States.ArrayContains($.a, 9)" }),
    input: { a: [1, 2, 3] },
  },
  { name: "intrinsic: States.ArrayRange", definition: params({ "up.$": "States.ArrayRange(1, 9, 2)", "down.$": "States.ArrayRange(5, 1, -2)" }), input: {} },
  { name: "intrinsic: States.ArrayGetItem", definition: params({ "item.$": "States.ArrayGetItem($.a, 1)" }), input: { a: ["x", "y", "z"] } },
  { name: "intrinsic: States.ArrayLength", definition: params({ "n.$": "States.ArrayLength($.a)" }), input: { a: [1, 2, 3, 4] } },
  { name: "intrinsic: States.ArrayUnique", definition: params({ "u.$": "States.ArrayUnique($.a)" }), input: { a: [1, 2, 2, 3, 1, 4] } },
  { name: "intrinsic: States.Base64Encode", definition: params({ "b.$": "States.Base64Encode($.s)" }), input: { s: "Data to encode" } },
  {
    name: "intrinsic: States.Base64Encode of non-Latin-1 text",
    definition: params({ "b.$": "States.Base64Encode($.s)" }),
    input: { s: "ok ✓" },
    divergence: {
      expected: { output: { b: "b2sg4pyT" } },
      reference: { error: "InvalidCharacterError" },
      why: "the reference uses btoa, which rejects characters outside Latin-1; AWS encodes the UTF-8 bytes",
    },
  },
  { name: "intrinsic: States.Base64Decode", definition: params({ "s.$": "States.Base64Decode($.b)" }), input: { b: "RGF0YSB0byBlbmNvZGU=" } },
  {
    name: "intrinsic: States.Hash with every algorithm",
    definition: params({
      "md5.$": "States.Hash($.s, 'MD5')",
      "sha1.$": "States.Hash($.s, 'SHA-1')",
      "sha256.$": "States.Hash($.s, 'SHA-256')",
      "sha384.$": "States.Hash($.s, 'SHA-384')",
      "sha512.$": "States.Hash($.s, 'SHA-512')",
    }),
    input: { s: "input data" },
  },
  {
    name: "intrinsic: States.JsonMerge shallow",
    definition: params({ "m.$": "States.JsonMerge($.a, $.b, false)" }),
    input: { a: { x: 1, n: { p: 1 } }, b: { y: 2, n: { q: 2 } } },
  },
  { name: "intrinsic: States.MathAdd", definition: params({ "sum.$": "States.MathAdd($.a, -3)" }), input: { a: 10 } },
  { name: "intrinsic: States.StringSplit", definition: params({ "parts.$": "States.StringSplit($.s, ',')" }), input: { s: "a,b,c" } },
  { name: "intrinsic: nested calls", definition: params({ "s.$": "States.Format('{} items', States.ArrayLength(States.Array(1, 2, $.x)))" }), input: { x: 3 } },
  {
    name: "intrinsic: ArrayGetItem out of range fails",
    definition: params({ "item.$": "States.ArrayGetItem($.a, 5)" }),
    input: { a: [1] },
    divergence: {
      expected: { error: "States.IntrinsicFailure" },
      reference: { output: { item: null } },
      why: "the reference turns a missing item into null (which JSON cannot tell from a real null); we fail loudly, as AWS does for invalid intrinsic arguments",
    },
  },
  {
    name: "intrinsic: StringToJson of invalid JSON fails",
    definition: params({ "j.$": "States.StringToJson($.raw)" }),
    input: { raw: "{nope" },
    divergence: {
      expected: { error: "States.IntrinsicFailure" },
      reference: { error: "SyntaxError" },
      why: "the reference leaks JSON.parse's SyntaxError; AWS names intrinsic failures States.IntrinsicFailure",
    },
  },
  {
    name: "intrinsic: Format with the wrong number of arguments fails",
    definition: params({ "s.$": "States.Format('{} {}', $.a)" }),
    input: { a: 1 },
    divergence: {
      expected: { error: "States.IntrinsicFailure" },
      reference: { error: "States.Runtime" },
      why: "AWS documents States.IntrinsicFailure for an intrinsic that cannot be evaluated; the reference reports States.Runtime",
    },
  },
];

const choiceCases: DifferentialCase[] = [
  { name: "choice: StringEquals", definition: choice([{ Variable: "$.s", StringEquals: "go" }]), input: { s: "go" } },
  { name: "choice: StringEqualsPath", definition: choice([{ Variable: "$.s", StringEqualsPath: "$.t" }]), input: { s: "a", t: "a" } },
  {
    name: "choice: string orderings",
    definition: choice([
      {
        And: [
          { Variable: "$.s", StringLessThan: "b" },
          { Variable: "$.s", StringGreaterThan: "A" },
          { Variable: "$.s", StringLessThanEquals: "a" },
          { Variable: "$.s", StringGreaterThanEquals: "a" },
        ],
      },
    ]),
    input: { s: "a" },
  },
  {
    name: "choice: string ordering paths",
    definition: choice([
      {
        And: [
          { Variable: "$.s", StringLessThanPath: "$.hi" },
          { Variable: "$.s", StringGreaterThanPath: "$.lo" },
          { Variable: "$.s", StringLessThanEqualsPath: "$.s" },
          { Variable: "$.s", StringGreaterThanEqualsPath: "$.lo" },
        ],
      },
    ]),
    input: { s: "m", lo: "a", hi: "z" },
  },
  {
    name: "choice: numeric comparisons",
    definition: choice([
      {
        And: [
          { Variable: "$.n", NumericEquals: 5 },
          { Variable: "$.n", NumericLessThan: 6 },
          { Variable: "$.n", NumericGreaterThan: 4.5 },
          { Variable: "$.n", NumericLessThanEquals: 5 },
          { Variable: "$.n", NumericGreaterThanEquals: 5 },
        ],
      },
    ]),
    input: { n: 5 },
  },
  {
    name: "choice: numeric path comparisons",
    definition: choice([
      {
        And: [
          { Variable: "$.n", NumericEqualsPath: "$.same" },
          { Variable: "$.n", NumericLessThanPath: "$.hi" },
          { Variable: "$.n", NumericGreaterThanPath: "$.lo" },
          { Variable: "$.n", NumericLessThanEqualsPath: "$.hi" },
          { Variable: "$.n", NumericGreaterThanEqualsPath: "$.lo" },
        ],
      },
    ]),
    input: { n: 5, same: 5, lo: 1, hi: 10 },
  },
  { name: "choice: numeric miss goes to Default", definition: choice([{ Variable: "$.n", NumericGreaterThan: 10 }]), input: { n: 5 } },
  {
    name: "choice: BooleanEquals and BooleanEqualsPath",
    definition: choice([
      {
        And: [
          { Variable: "$.b", BooleanEquals: false },
          { Variable: "$.b", BooleanEqualsPath: "$.c" },
        ],
      },
    ]),
    input: { b: false, c: false },
  },
  {
    name: "choice: timestamp comparisons",
    definition: choice([
      {
        And: [
          { Variable: "$.t", TimestampEquals: "2026-01-01T00:00:00Z" },
          { Variable: "$.t", TimestampLessThan: "2026-01-02T00:00:00Z" },
          { Variable: "$.t", TimestampGreaterThan: "2025-12-31T00:00:00Z" },
          { Variable: "$.t", TimestampLessThanEquals: "2026-01-01T00:00:00Z" },
          { Variable: "$.t", TimestampGreaterThanEquals: "2026-01-01T00:00:00Z" },
        ],
      },
    ]),
    input: { t: "2026-01-01T00:00:00Z" },
  },
  {
    name: "choice: timestamp path comparisons",
    definition: choice([
      {
        And: [
          { Variable: "$.t", TimestampEqualsPath: "$.same" },
          { Variable: "$.t", TimestampLessThanPath: "$.later" },
          { Variable: "$.t", TimestampGreaterThanPath: "$.earlier" },
          { Variable: "$.t", TimestampLessThanEqualsPath: "$.same" },
          { Variable: "$.t", TimestampGreaterThanEqualsPath: "$.earlier" },
        ],
      },
    ]),
    input: { t: "2026-03-01T10:00:00Z", same: "2026-03-01T10:00:00Z", later: "2026-03-02T10:00:00Z", earlier: "2026-02-01T10:00:00Z" },
  },
  {
    name: "choice: IsPresent false on a missing field",
    definition: choice([{ Variable: "$.missing", IsPresent: false }]),
    input: { x: 1 },
    divergence: {
      expected: { output: "yes" },
      reference: { output: "no" },
      why: "the reference computes `IsPresent && present`, so IsPresent: false never matches; the spec matches when the field is absent",
    },
  },
  { name: "choice: IsPresent false on a present field", definition: choice([{ Variable: "$.x", IsPresent: false }]), input: { x: 1 } },
  { name: "choice: IsPresent true", definition: choice([{ Variable: "$.x", IsPresent: true }]), input: { x: null } },
  {
    name: "choice: type tests",
    definition: choice([
      {
        And: [
          { Variable: "$.n", IsNull: true },
          { Variable: "$.num", IsNumeric: true },
          { Variable: "$.s", IsString: true },
          { Variable: "$.b", IsBoolean: true },
          { Variable: "$.t", IsTimestamp: true },
        ],
      },
    ]),
    input: { n: null, num: 1.5, s: "text", b: true, t: "2026-01-01T12:00:00Z" },
  },
  {
    name: "choice: type tests set to false",
    definition: choice([
      {
        And: [
          { Variable: "$.s", IsTimestamp: false },
          { Variable: "$.s", IsNull: false },
          { Variable: "$.s", IsNumeric: false },
        ],
      },
    ]),
    input: { s: "text" },
    divergence: {
      expected: { output: "yes" },
      reference: { output: "no" },
      why: "the reference computes `IsX && test`, so any type test set to false never matches",
    },
  },
  { name: "choice: StringMatches wildcard", definition: choice([{ Variable: "$.file", StringMatches: "log-*.txt" }]), input: { file: "log-2026-01.txt" } },
  { name: "choice: StringMatches escaped star", definition: choice([{ Variable: "$.s", StringMatches: "a\\*b" }]), input: { s: "axxb" } },
  {
    name: "choice: Or and Not",
    definition: choice([{ Or: [{ Variable: "$.a", NumericEquals: 1 }, { Not: { Variable: "$.b", StringEquals: "x" } }] }]),
    input: { a: 2, b: "y" },
  },
  {
    name: "choice: first matching rule wins",
    definition: {
      StartAt: "R",
      States: {
        R: {
          Type: "Choice",
          Choices: [
            { Variable: "$.n", NumericGreaterThan: 1, Next: "A" },
            { Variable: "$.n", NumericGreaterThan: 0, Next: "B" },
          ],
        },
        A: pass({ Result: "A" }),
        B: pass({ Result: "B" }),
      },
    },
    input: { n: 5 },
  },
  { name: "choice: type mismatch is false, not an error", definition: choice([{ Variable: "$.n", StringEquals: "5" }]), input: { n: 5 } },
  {
    name: "choice: no match and no Default",
    definition: { StartAt: "R", States: { R: { Type: "Choice", Choices: [{ Variable: "$.s", StringEquals: "go", Next: "Yes" }] }, Yes: pass() } },
    input: { s: "stop" },
  },
  {
    name: "choice: InputPath and OutputPath",
    definition: {
      StartAt: "R",
      States: {
        R: { Type: "Choice", InputPath: "$.in", OutputPath: "$.keep", Choices: [{ Variable: "$.v", NumericEquals: 1, Next: "Done" }] },
        Done: { Type: "Succeed" },
      },
    },
    input: { in: { v: 1, keep: { k: true } } },
  },
];

const waitCases: DifferentialCase[] = [
  { name: "wait: Seconds passes input on", definition: { StartAt: "W", States: { W: { Type: "Wait", Seconds: 1, Next: "P" }, P: pass() } }, input: { x: 1 } },
  { name: "wait: SecondsPath", definition: { StartAt: "W", States: { W: { Type: "Wait", SecondsPath: "$.s", End: true } } }, input: { s: 1 } },
  { name: "wait: Timestamp", definition: { StartAt: "W", States: { W: { Type: "Wait", Timestamp: "2020-01-01T00:00:00Z", End: true } } }, input: { x: 2 } },
  {
    name: "wait: TimestampPath with InputPath and OutputPath",
    definition: { StartAt: "W", States: { W: { Type: "Wait", InputPath: "$.w", TimestampPath: "$.at", OutputPath: "$.v", End: true } } },
    input: { w: { at: "2020-01-01T00:00:00Z", v: 3 } },
  },
];

const taskCases: DifferentialCase[] = [
  {
    name: "task: Parameters, ResultSelector, ResultPath",
    definition: single(task("Add", { Parameters: { "a.$": "$.x", b: 2 }, ResultSelector: { "total.$": "$.sum", fixed: 1 }, ResultPath: "$.result" })),
    input: { x: 40 },
    tasks: () => ({ Only: (input) => ({ sum: (input as { a: number; b: number }).a + (input as { a: number; b: number }).b, noise: true }) }),
  },
  {
    name: "task: OutputPath on the result",
    definition: single(task("Echo", { ResultPath: "$.r", OutputPath: "$.r.v" })),
    input: { a: 1 },
    tasks: () => ({ Only: () => ({ v: "out" }) }),
  },
  {
    name: "task: chained tasks",
    definition: { StartAt: "A", States: { A: task("Double", { Next: "B" }), B: task("Double") } },
    input: 3,
    tasks: () => ({ A: double, B: double }),
  },
  { name: "task: named error fails the execution", definition: single(task("Boom")), input: {}, tasks: () => ({ Only: flaky(9, "Custom.Boom") }) },
  {
    name: "task: Retry until success",
    definition: single(task("Flaky", { Retry: [{ ErrorEquals: ["Custom.Flaky"], MaxAttempts: 3 }] })),
    input: { q: 1 },
    tasks: () => ({ Only: flaky(2, "Custom.Flaky") }),
  },
  {
    name: "task: Retry exhausted then Catch",
    definition: {
      StartAt: "T",
      States: {
        T: task("Flaky", {
          Retry: [{ ErrorEquals: ["Custom.Flaky"], MaxAttempts: 2 }],
          Catch: [{ ErrorEquals: ["Custom.Flaky"], Next: "Handled" }],
          End: true,
        }),
        Handled: pass(),
      },
    },
    input: { q: 1 },
    tasks: () => ({ T: flaky(3, "Custom.Flaky") }),
  },
  {
    name: "task: Catch ResultPath keeps the input",
    definition: {
      StartAt: "T",
      States: { T: task("Boom", { Catch: [{ ErrorEquals: ["Custom.Boom"], ResultPath: "$.error", Next: "Handled" }], End: true }), Handled: pass() },
    },
    input: { keep: "me" },
    tasks: () => ({
      T: () => {
        throw new NamedError("Custom.Boom", "it broke");
      },
    }),
  },
  {
    name: "task: Catch ResultPath null",
    definition: {
      StartAt: "T",
      States: { T: task("Boom", { Catch: [{ ErrorEquals: ["States.ALL"], ResultPath: null, Next: "Handled" }], End: true }), Handled: pass() },
    },
    input: { keep: "me" },
    tasks: () => ({ T: flaky(1, "Custom.Boom") }),
  },
  {
    name: "task: Catch States.ALL",
    definition: {
      StartAt: "T",
      States: {
        T: task("Boom", {
          Catch: [
            { ErrorEquals: ["Other"], Next: "Wrong" },
            { ErrorEquals: ["States.ALL"], Next: "Handled" },
          ],
          End: true,
        }),
        Wrong: pass({ Result: "wrong" }),
        Handled: pass({ Result: "handled" }),
      },
    },
    input: {},
    tasks: () => ({ T: flaky(1, "Custom.Boom") }),
  },
  {
    name: "task: Catch States.TaskFailed",
    definition: {
      StartAt: "T",
      States: { T: task("Boom", { Catch: [{ ErrorEquals: ["States.TaskFailed"], Next: "Handled" }], End: true }), Handled: pass({ Result: "handled" }) },
    },
    input: {},
    tasks: () => ({ T: flaky(1, "Custom.Boom") }),
  },
  {
    name: "task: non-matching retrier goes straight to Catch",
    definition: {
      StartAt: "T",
      States: {
        T: task("Boom", { Retry: [{ ErrorEquals: ["Other"], MaxAttempts: 5 }], Catch: [{ ErrorEquals: ["Custom.Boom"], Next: "Handled" }], End: true }),
        Handled: pass(),
      },
    },
    input: {},
    tasks: () => ({ T: flaky(1, "Custom.Boom") }),
  },
  {
    name: "task: MaxAttempts 0 never retries",
    definition: single(task("Flaky", { Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 0 }] })),
    input: {},
    tasks: () => ({ Only: flaky(1, "Custom.Flaky") }),
  },
  {
    name: "task: each retrier counts its own attempts",
    definition: single(
      task("Mixed", {
        Retry: [
          { ErrorEquals: ["Custom.A"], MaxAttempts: 1 },
          { ErrorEquals: ["Custom.B"], MaxAttempts: 1 },
        ],
      }),
    ),
    input: {},
    tasks: () => {
      let calls = 0;
      return {
        Only: () => {
          calls++;
          if (calls === 1) throw new NamedError("Custom.A");
          if (calls === 2) throw new NamedError("Custom.B");
          return { calls };
        },
      };
    },
  },
  {
    name: "task: retrier with backoff fields",
    definition: single(
      task("Flaky", { Retry: [{ ErrorEquals: ["States.TaskFailed"], IntervalSeconds: 1, BackoffRate: 1.5, MaxDelaySeconds: 2, MaxAttempts: 4 }] }),
    ),
    input: 1,
    tasks: () => ({ Only: flaky(3, "Custom.Flaky") }),
  },
  {
    name: "task: TimeoutSeconds raises States.Timeout",
    definition: {
      StartAt: "T",
      States: {
        T: task("Slow", { TimeoutSeconds: 1, Catch: [{ ErrorEquals: ["States.Timeout"], ResultPath: "$.err", Next: "Handled" }], End: true }),
        Handled: pass({ OutputPath: "$.err.Error" }),
      },
    },
    input: {},
    tasks: () => ({ T: () => new Promise((resolve) => setTimeout(() => resolve("late"), 1_300)) }),
  },
  {
    name: "task: a failing InputPath is a terminal States.Runtime",
    definition: {
      StartAt: "T",
      States: { T: task("Echo", { InputPath: "$.nope", Catch: [{ ErrorEquals: ["States.ALL"], Next: "X" }], End: true }), X: pass() },
    },
    input: {},
    tasks: () => ({ T: (input) => input }),
  },
];

const terminalCases: DifferentialCase[] = [
  { name: "fail: Error and Cause", definition: { StartAt: "F", States: { F: { Type: "Fail", Error: "Custom.Stop", Cause: "because" } } }, input: {} },
  {
    name: "fail: ErrorPath and CausePath",
    definition: { StartAt: "F", States: { F: { Type: "Fail", ErrorPath: "$.e", CausePath: "$.c" } } },
    input: { e: "Custom.FromInput", c: "dynamic" },
  },
  {
    name: "succeed: InputPath and OutputPath",
    definition: { StartAt: "S", States: { S: { Type: "Succeed", InputPath: "$.a", OutputPath: "$.b" } } },
    input: { a: { b: 2 } },
  },
  {
    name: "succeed: after a pass",
    definition: { StartAt: "P", States: { P: { Type: "Pass", Result: 1, ResultPath: "$.p", Next: "S" }, S: { Type: "Succeed" } } },
    input: { z: 0 },
  },
];

const itemMachine = { StartAt: "Double", States: { Double: task("Double") } };
const mapCases: DifferentialCase[] = [
  {
    name: "map: legacy Iterator over the input array",
    definition: single({ Type: "Map", Iterator: itemMachine }),
    input: [1, 2, 3],
    tasks: () => ({ Double: double }),
  },
  {
    name: "map: ItemsPath with ItemProcessor",
    definition: single({ Type: "Map", ItemsPath: "$.items", ItemProcessor: itemMachine }),
    input: { items: [4, 5] },
    tasks: () => ({ Double: double }),
  },
  {
    name: "map: ItemSelector with $$.Map.Item",
    definition: single({
      Type: "Map",
      ItemsPath: "$.items",
      ItemSelector: { "index.$": "$$.Map.Item.Index", "value.$": "$$.Map.Item.Value", "shared.$": "$.shared" },
      ItemProcessor: { StartAt: "P", States: { P: pass() } },
    }),
    input: { items: ["a", "b"], shared: 1 },
  },
  {
    name: "map: legacy Parameters as item selector",
    definition: single({ Type: "Map", ItemsPath: "$.items", Parameters: { "v.$": "$$.Map.Item.Value" }, Iterator: { StartAt: "P", States: { P: pass() } } }),
    input: { items: [1, 2] },
  },
  {
    name: "map: MaxConcurrency 1 keeps order",
    definition: single({ Type: "Map", MaxConcurrency: 1, ItemProcessor: itemMachine }),
    input: [3, 1, 2],
    tasks: () => ({ Double: double }),
  },
  {
    name: "map: ResultSelector and ResultPath",
    definition: single({ Type: "Map", ItemsPath: "$.items", ItemProcessor: itemMachine, ResultSelector: { "doubled.$": "$" }, ResultPath: "$.out" }),
    input: { items: [1, 2] },
    tasks: () => ({ Double: double }),
  },
  { name: "map: empty array", definition: single({ Type: "Map", ItemProcessor: itemMachine }), input: [], tasks: () => ({ Double: double }) },
  {
    name: "map: a failing item fails the Map with its error",
    definition: single({ Type: "Map", ItemProcessor: { StartAt: "Check", States: { Check: task("Check") } } }),
    input: [1, -1, 2],
    tasks: () => ({
      Check: (input) => {
        if ((input as number) < 0) throw new NamedError("Custom.Negative");
        return input;
      },
    }),
  },
  {
    name: "map: item Fail state caught on the Map",
    definition: {
      StartAt: "M",
      States: {
        M: {
          Type: "Map",
          ItemsPath: "$.list",
          ItemProcessor: { StartAt: "F", States: { F: { Type: "Fail", Error: "Custom.Item", Cause: "bad item" } } },
          Catch: [{ ErrorEquals: ["Custom.Item"], ResultPath: "$.error", Next: "Handled" }],
          End: true,
        },
        Handled: pass(),
      },
    },
    input: { list: [1] },
  },
  {
    name: "map: nested Choice inside items",
    definition: single({ Type: "Map", ItemProcessor: choice([{ Variable: "$.n", NumericGreaterThan: 1 }]) }),
    input: [{ n: 0 }, { n: 1 }, { n: 2 }, { n: 3 }],
  },
];

const parallelCases: DifferentialCase[] = [
  {
    name: "parallel: two branches in order",
    definition: single({
      Type: "Parallel",
      Branches: [
        { StartAt: "A", States: { A: task("Double") } },
        { StartAt: "B", States: { B: pass({ Result: "b" }) } },
      ],
    }),
    input: 21,
    tasks: () => ({ A: double }),
  },
  {
    name: "parallel: Parameters, ResultSelector, ResultPath, OutputPath",
    definition: single({
      Type: "Parallel",
      Parameters: { "v.$": "$.v" },
      Branches: [
        { StartAt: "A", States: { A: pass({ InputPath: "$.v" }) } },
        { StartAt: "B", States: { B: pass({ Result: 2 }) } },
      ],
      ResultSelector: { "first.$": "$[0]" },
      ResultPath: "$.r",
      OutputPath: "$.r",
    }),
    input: { v: 1 },
  },
  {
    name: "parallel: branch failure caught",
    definition: {
      StartAt: "P",
      States: {
        P: {
          Type: "Parallel",
          Branches: [
            { StartAt: "Ok", States: { Ok: pass() } },
            { StartAt: "Bad", States: { Bad: { Type: "Fail", Error: "Custom.Branch", Cause: "no" } } },
          ],
          Catch: [{ ErrorEquals: ["Custom.Branch"], Next: "Handled" }],
          End: true,
        },
        Handled: pass(),
      },
    },
    input: { x: 1 },
  },
  {
    name: "parallel: uncaught branch error fails the execution",
    definition: single({ Type: "Parallel", Branches: [{ StartAt: "T", States: { T: task("Boom") } }] }),
    input: {},
    tasks: () => ({ T: flaky(5, "Custom.Boom") }),
  },
  {
    name: "parallel: Retry on the Parallel re-runs the branches",
    definition: single({
      Type: "Parallel",
      Branches: [{ StartAt: "T", States: { T: task("Flaky") } }],
      Retry: [{ ErrorEquals: ["Custom.Flaky"], MaxAttempts: 2 }],
    }),
    input: { r: 1 },
    tasks: () => ({ T: flaky(1, "Custom.Flaky") }),
  },
  {
    name: "parallel: Map inside a branch",
    definition: single({
      Type: "Parallel",
      Branches: [
        { StartAt: "M", States: { M: { Type: "Map", ItemsPath: "$.xs", ItemProcessor: itemMachine, End: true } } },
        { StartAt: "N", States: { N: pass({ InputPath: "$.name" }) } },
      ],
    }),
    input: { xs: [1, 2], name: "n" },
    tasks: () => ({ Double: double }),
  },
];

export const differentialCases: DifferentialCase[] = [
  ...passCases,
  ...intrinsicCases,
  ...choiceCases,
  ...waitCases,
  ...taskCases,
  ...terminalCases,
  ...mapCases,
  ...parallelCases,
];
