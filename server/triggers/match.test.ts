import { describe, expect, it } from "vitest";
import { evaluateMatch, validateMatchConfig } from "./match";

const event = {
  headers: { "x-github-event": "issues", "content-type": "application/json" },
  body: { action: "opened", issue: { number: 7, labels: [{ name: "bug" }, { color: "red" }] }, draft: false },
};

describe("evaluateMatch", () => {
  it("matches when every path yields the value or one of the list", () => {
    expect(evaluateMatch({ "$.body.action": ["opened", "created"], "$.headers.x-github-event": "issues" }, event)).toEqual({ matched: true });
    expect(evaluateMatch({ "$.body.issue.number": 7, "$.body.draft": false }, event)).toEqual({ matched: true });
  });

  it("says which path failed and why", () => {
    expect(evaluateMatch({ "$.headers.x-github-event": "issues", "$.body.action": ["closed", "reopened"] }, event)).toEqual({
      matched: false,
      failed: '$.body.action: got "opened", expected "closed" or "reopened"',
    });
    expect(evaluateMatch({ "$.body.pull_request.id": 1 }, event)).toEqual({ matched: false, failed: "$.body.pull_request.id: no value at this path" });
  });

  it('compares types strictly: 7 is not "7"', () => {
    expect(evaluateMatch({ "$.body.issue.number": "7" }, event).matched).toBe(false);
  });

  it("supports filters, and an element missing the filtered field simply does not match", () => {
    expect(evaluateMatch({ "$.body.issue.labels[?(@.name == 'bug')].name": "bug" }, event)).toEqual({ matched: true });
    expect(evaluateMatch({ "$.body.issue.labels[?(@.name == 'feature')].name": "feature" }, event).matched).toBe(false);
  });

  it("matches an empty filter block", () => {
    expect(evaluateMatch({}, event)).toEqual({ matched: true });
  });
});

describe("validateMatchConfig", () => {
  it("accepts valid paths", () => {
    expect(validateMatchConfig({ "$.body.action": ["opened"], "$.headers['x-github-event']": "issues", "$..labels[?(@.name=='bug')]": "x" })).toEqual([]);
  });

  it("names each path with a syntax error", () => {
    const issues = validateMatchConfig({ "body.action": "x", "$.body[": "x", "$.a[?(@.b==)]": "x", "$.a['b]": "x", "$.ok": "y" });
    expect(issues.map((issue) => issue.path)).toEqual(["body.action", "$.body[", "$.a[?(@.b==)]", "$.a['b]"]);
    expect(issues[0].message).toContain("must start with $");
    expect(issues[1].message).toContain('missing "]"');
  });

  it("refuses values that are not scalars or lists of scalars", () => {
    expect(validateMatchConfig({ "$.a": { nested: true } })).toHaveLength(1);
    expect(validateMatchConfig({ "$.a": [] })).toHaveLength(1);
  });
});
