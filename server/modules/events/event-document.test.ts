import { describe, expect, it } from "vitest";
import { AppError } from "@/server/errors";
import { MAX_JSON_DEPTH, parseBody } from "./event-document";

const json = { "content-type": "application/json" };

describe("parseBody", () => {
  it("parses JSON, forms and text from the same bytes", () => {
    expect(parseBody(json, Buffer.from('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
    expect(parseBody({ "content-type": "application/x-www-form-urlencoded" }, Buffer.from("a=1&b=two"))).toEqual({ a: "1", b: "two" });
    expect(parseBody({}, Buffer.from("plain"))).toBe("plain");
    expect(parseBody(json, Buffer.from("{broken"))).toBe("{broken");
    expect(parseBody(json, Buffer.alloc(0))).toBeNull();
  });

  it("turns NUL characters, which jsonb cannot store, into U+FFFD in keys and values", () => {
    expect(parseBody(json, Buffer.from('{"a\\u0000":"x\\u0000y","list":["\\u0000"]}'))).toEqual({ "a\uFFFD": "x\uFFFDy", list: ["\uFFFD"] });
    expect(parseBody({}, Buffer.from([0x61, 0x00]))).toBe("a\uFFFD");
    expect(parseBody({ "content-type": "application/x-www-form-urlencoded" }, Buffer.from("a=%00"))).toEqual({ a: "\uFFFD" });
  });

  it("refuses JSON nested deeper than the limit with a 422 that says so", () => {
    const at = (depth: number) => Buffer.from(`${"[".repeat(depth)}${"]".repeat(depth)}`);
    expect(parseBody(json, at(MAX_JSON_DEPTH))).toBeInstanceOf(Array);
    expect(() => parseBody(json, at(MAX_JSON_DEPTH + 1))).toThrow(AppError);
    expect(() => parseBody(json, at(50_000))).toThrow(/more than 128 levels deep/);
    // Brackets inside strings do not count.
    expect(parseBody(json, Buffer.from(JSON.stringify({ text: "[".repeat(1_000) })))).toEqual({ text: "[".repeat(1_000) });
  });
});
