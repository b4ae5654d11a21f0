import { describe, expect, it } from "vitest";
import { readJwtExpiry } from "./jwt.js";
import { fakeJwt } from "./testing/fixtures.js";

describe("readJwtExpiry", () => {
  it("reads exp as milliseconds, whatever else the payload holds", () => {
    expect(readJwtExpiry(fakeJwt({ sub: "u1", exp: 1_767_225_600 }))).toBe(1_767_225_600_000);
    // Non-ASCII claims exercise the base64url and UTF-8 decoding.
    expect(readJwtExpiry(fakeJwt({ customerName: "Ünïcødé ✓ ???", exp: 2_000_000_000 }))).toBe(2_000_000_000_000);
  });

  it("returns undefined when there is nothing usable to read", () => {
    expect(readJwtExpiry(fakeJwt({ sub: "u1" }))).toBeUndefined();
    expect(readJwtExpiry(fakeJwt({ exp: "tomorrow" }))).toBeUndefined();
    expect(readJwtExpiry("not-a-jwt")).toBeUndefined();
    expect(readJwtExpiry("a.%%%.c")).toBeUndefined();
    expect(readJwtExpiry(`a.${Buffer.from("null").toString("base64url")}.c`)).toBeUndefined();
  });
});
