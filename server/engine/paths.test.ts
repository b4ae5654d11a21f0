import { describe, expect, it } from "vitest";

import { ErrorNames } from "@/server/engine/errors";
import { applyResultPath, evaluatePath, isValidPath, isValidReferencePath, queryPath, selectPath, type ContextObject } from "@/server/engine/paths";
import { listTemplateExpressions, resolveTemplate } from "@/server/engine/payload-template";
import { buildExecutionContext } from "@/server/engine/step-outcome";

const context: ContextObject = {
  ...buildExecutionContext(
    { id: "exec-1", input: { orig: true }, startTime: new Date("2026-01-01T00:00:00Z") },
    { Config: { repo: "acme/app" }, Customer: { externalId: "c-1" } },
  ),
  State: { Name: "S", EnteredTime: "2026-01-01T00:00:01.000Z", RetryCount: 2 },
  Map: { Item: { Index: 3, Value: "v" } },
};
const deps = { random: () => 0 };

describe("isValidPath", () => {
  it("accepts ASL paths and explains what is wrong with others", () => {
    for (const path of ["$", "$.a", "$.a[0].b", "$['a b']", "$..x", "$.a[*]", "$.a[?(@.n > 1)]", "$$.Execution.Id"]) expect(isValidPath(path), path).toBeNull();
    expect(isValidPath("a.b")).toMatch(/must start with \$/);
    expect(isValidPath("$a")).toMatch(/after \$ comes \. or \[/);
    expect(isValidPath("$.a[")).toMatch(/unbalanced brackets/);
    expect(isValidPath("$.a.")).toMatch(/empty segment/);
    expect(isValidPath("$.a[?(@.x >> )]")).toMatch(/Expected expression/);
  });

  it("allows only single-place, input paths as reference paths", () => {
    expect(isValidReferencePath("$.a.b[0]")).toBeNull();
    expect(isValidReferencePath("$.a[*]")).toMatch(/single place/);
    expect(isValidReferencePath("$$.Execution")).toMatch(/context object/);
  });
});

describe("path evaluation", () => {
  it("returns one value for definite paths and arrays for indefinite ones", () => {
    const input = { items: [{ id: 1 }, { id: 2 }] };
    expect(evaluatePath("$.items[0].id", input, context)).toBe(1);
    expect(evaluatePath("$.items[?(@.id == 2)].id", input, context)).toEqual([2]);
    expect(evaluatePath("$.items[*].nope", input, context)).toEqual([]);
    expect(evaluatePath("$.missing", input, context)).toBeUndefined();
  });

  it("reads the context object through $$", () => {
    expect(queryPath("$$.Config.repo", {}, context, "test")).toBe("acme/app");
    expect(queryPath("$$.State.RetryCount", {}, context, "test")).toBe(2);
    expect(queryPath("$$.Map.Item.Index", {}, context, "test")).toBe(3);
    expect(queryPath("$$.Execution.Input", {}, context, "test")).toEqual({ orig: true });
  });

  it("names the field when a path matches nothing", () => {
    expect(() => queryPath("$.x", {}, context, "InputPath")).toThrow(
      expect.objectContaining({ name: ErrorNames.Runtime, message: expect.stringMatching(/\$\.x in InputPath matched nothing/) }),
    );
  });

  it("treats a null InputPath/OutputPath as {}", () => {
    expect(selectPath(null, { a: 1 }, context, "InputPath")).toEqual({});
    expect(selectPath(undefined, { a: 1 }, context, "InputPath")).toEqual({ a: 1 });
  });
});

describe("applyResultPath", () => {
  it("replaces, discards, and writes into nested places without touching the input", () => {
    const input = { a: { keep: 1 } };
    expect(applyResultPath(input, 5, undefined)).toBe(5);
    expect(applyResultPath(input, 5, "$")).toBe(5);
    expect(applyResultPath(input, 5, null)).toBe(input);
    expect(applyResultPath(input, 5, "$.a.b.c")).toEqual({ a: { keep: 1, b: { c: 5 } } });
    expect(applyResultPath({ list: [1, 2] }, "x", "$.list[1]")).toEqual({ list: [1, "x"] });
    expect(input).toEqual({ a: { keep: 1 } });
  });

  it("writes __proto__ and constructor as keys of the document, never into a prototype", () => {
    const written = applyResultPath({ a: 1 }, { x: 1 }, "$['__proto__'].polluted") as Record<string, unknown>;
    expect(Object.getPrototypeOf(written)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(written, "__proto__")?.value).toEqual({ polluted: { x: 1 } });
    expect(applyResultPath({}, 2, "$.constructor.prototype.polluted")).toEqual(JSON.parse('{"constructor":{"prototype":{"polluted":2}}}'));
    expect(applyResultPath({}, 3, "$.__proto__")).toEqual(JSON.parse('{"__proto__":3}'));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("fails with States.ResultPathMatchFailure when the place cannot exist", () => {
    expect(() => applyResultPath("text", 1, "$.a")).toThrow(expect.objectContaining({ name: ErrorNames.ResultPathMatchFailure }));
    expect(() => applyResultPath({ a: 3 }, 1, "$.a.b")).toThrow(
      expect.objectContaining({ name: ErrorNames.ResultPathMatchFailure, message: expect.stringMatching(/"a" holds a number/) }),
    );
  });
});

describe("payload templates", () => {
  it("resolves paths, context paths and intrinsics, recursing into objects and arrays", () => {
    const template = {
      "id.$": "$$.Execution.Id",
      "n.$": "$.n",
      "s.$": "States.Format('#{}', $.n)",
      nested: [{ "item.$": "$$.Map.Item.Value" }],
      plain: { x: 1 },
    };
    expect(resolveTemplate(template, { n: 7 }, context, deps, "Parameters")).toEqual({ id: "exec-1", n: 7, s: "#7", nested: [{ item: "v" }], plain: { x: 1 } });
  });

  it("rejects a non-string .$ value and lists expressions for static checks", () => {
    expect(() => resolveTemplate({ "a.$": 1 }, {}, context, deps, "Parameters")).toThrow(/Parameters\.a\.\$ must be a JSONPath/);
    expect(listTemplateExpressions({ "a.$": "$.x", b: [{ "c.$": "States.UUID()" }] }, "Parameters")).toEqual([
      { field: "Parameters.a.$", expression: "$.x" },
      { field: "Parameters.b[0].c.$", expression: "States.UUID()" },
    ]);
  });
});
