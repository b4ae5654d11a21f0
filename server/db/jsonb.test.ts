import { describe, expect, it } from "vitest";
import { jsonbText, withoutNul } from "./jsonb";

describe("jsonb values", () => {
  it("turns every NUL in strings and keys into U+FFFD, nested, and leaves the rest alone", () => {
    expect(withoutNul({ "a\u0000": ["x\u0000y", 1, null, { b: "\u0000" }], c: true })).toEqual({ "a\uFFFD": ["x\uFFFDy", 1, null, { b: "\uFFFD" }], c: true });
  });

  it("gives JSON text Postgres accepts, null for undefined, and the same text when there is no NUL", () => {
    expect(jsonbText(undefined)).toBeNull();
    expect(jsonbText(null)).toBe("null");
    expect(jsonbText({ text: "a\u0000b" })).toBe(JSON.stringify({ text: "a\uFFFDb" }));
    // A literal backslash-u0000 is text, not a NUL: kept as it is.
    expect(jsonbText({ text: "\\u0000" })).toBe(JSON.stringify({ text: "\\u0000" }));
  });
});
