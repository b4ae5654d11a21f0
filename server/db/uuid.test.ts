import { describe, expect, it } from "vitest";
import { uuidv7 } from "./uuid";

describe("uuidv7", () => {
  it("is a version 7, variant 10 UUID carrying the milliseconds it was made at", () => {
    const later = Date.now() + 60_000;
    const id = uuidv7(later);
    const time = later.toString(16).padStart(12, "0");
    expect(id).toMatch(new RegExp(`^${time.slice(0, 8)}-${time.slice(8)}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`));
  });

  it("sorts by time as text, and ids made one after another in one process keep their order", () => {
    expect(uuidv7(Date.now() + 120_000) < uuidv7(Date.now() + 120_001)).toBe(true);
    // More than the 4096 a millisecond's counter holds: the rest borrow the next millisecond.
    const ids = Array.from({ length: 10_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id, i) => i === 0 || ids[i - 1] < id)).toBe(true);
  });

  it("keeps increasing across every copy of this module the process runs (the web process runs several)", async () => {
    const copy = "./uuid.ts?copy=other";
    const other = (await import(/* @vite-ignore */ copy)) as typeof import("./uuid");
    const now = Date.now() + 180_000;
    const ids = [uuidv7(now), uuidv7(now), uuidv7(now), other.uuidv7(now), uuidv7(now), other.uuidv7(now)];
    expect(ids.every((id, i) => i === 0 || ids[i - 1] < id)).toBe(true);
  });
});
