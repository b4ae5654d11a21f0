import { describe, expect, it } from "vitest";
import { briefValue, describeChanges, jsonChanges } from "./json-changes";

const webhook = { body: { action: "opened", issue: { number: 12, title: "Checkout fails on Safari" } }, headers: { "x-github-event": "issues" } };

describe("jsonChanges", () => {
  it("finds what a step added under its ResultPath, deep inside an unchanged payload", () => {
    const output = { ...webhook, ticket: { id: 42, status: "new" } };
    expect(jsonChanges(webhook, output)).toEqual([{ kind: "added", path: "ticket", value: { id: 42, status: "new" } }]);
    expect(describeChanges(webhook, output)).toBe('+ ticket = {id: 42, status: "new"}');
  });

  it("reports changed and removed values by path, and nothing for equal values", () => {
    expect(describeChanges({ found: { found: false }, previous: 1 }, { found: { found: true } })).toBe("~ found.found = true, − previous");
    expect(describeChanges(webhook, structuredClone(webhook))).toBeNull();
  });

  it("keeps the line short", () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`field${i}`, i]));
    const line = describeChanges({}, many, 80)!;
    expect(line.length).toBeLessThanOrEqual(100);
    expect(line).toMatch(/\+\d+ more$/);
    expect(briefValue({ text: "a".repeat(100) })).toBe('{text: "aaaaaaaaaaaaaaaaaaaaaaa…"}');
  });
});
