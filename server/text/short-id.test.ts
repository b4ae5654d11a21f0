import { describe, expect, it } from "vitest";
import { uuidv7 } from "@/server/db/uuid";
import { shortId } from "./short-id";

describe("shortId", () => {
  it("tells apart ids made in the same millisecond, which share their first characters", () => {
    const ids = Array.from({ length: 50 }, () => uuidv7());
    expect(new Set(ids.map((id) => id.slice(0, 8))).size).toBeLessThan(5);
    expect(new Set(ids.map(shortId)).size).toBe(50);
    expect(shortId("0190f2a4-5b6c-7d8e-9f01-23456789abcd")).toBe("…6789abcd");
  });
});
