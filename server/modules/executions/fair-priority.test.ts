import { describe, expect, it } from "vitest";
import { createFairPriority, FAIR_SHARE, MAX_PRIORITY, priorityFor } from "./fair-priority";

describe("fair priorities between customers", () => {
  it("gives ordinary traffic priority 0 and a burst later priorities the bigger it is", () => {
    expect(priorityFor(1)).toBe(0);
    expect(priorityFor(FAIR_SHARE)).toBe(0);
    expect(priorityFor(FAIR_SHARE + 1)).toBe(1);
    expect(priorityFor(FAIR_SHARE * 4)).toBe(3);
    expect(priorityFor(1e12)).toBe(MAX_PRIORITY);
  });

  it("puts another customer's single event ahead of a burst's backlog, and forgives the burst once it is over", () => {
    const fair = createFairPriority();
    const t = 1_000_000;
    let last = 0;
    for (let i = 0; i < 10_000; i++) last = fair.next("busy", 1, t);
    expect(last).toBeGreaterThan(5);
    expect(fair.next("quiet", 1, t)).toBe(0);
    // A minute and a half later (nine half-lives) the busy customer's count has decayed away.
    expect(fair.next("busy", 1, t + 90_000)).toBe(0);
  });
});
