import { describe, expect, it } from "vitest";
import { percentile, summarise } from "./table";

describe("percentile", () => {
  it("is the nearest-rank value of a sorted sample", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(sorted, 0)).toBe(1);
  });

  it("handles one sample and none", () => {
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});

describe("summarise", () => {
  it("sorts a copy and reports count, p50, p95 and p99", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(summarise(samples)).toEqual({ n: 5, p50: 3, p95: 5, p99: 5 });
    expect(samples).toEqual([5, 1, 4, 2, 3]);
  });
});
