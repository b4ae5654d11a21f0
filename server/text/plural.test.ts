import { describe, expect, it } from "vitest";
import { countOf, pluralize } from "./plural";

describe("counted nouns", () => {
  it("uses the singular for one and the plural for zero, many and fractions", () => {
    expect(countOf(1, "instance")).toBe("1 instance");
    expect(countOf(0, "instance")).toBe("0 instances");
    expect(countOf(3, "problem")).toBe("3 problems");
    expect(countOf(1.5, "minute")).toBe("1.5 minutes");
  });

  it("takes an irregular plural and groups thousands", () => {
    expect(countOf(2, "delivery", "deliveries")).toBe("2 deliveries");
    expect(countOf(1200, "execution")).toBe("1,200 executions");
    expect(pluralize(1, "batch", "batches")).toBe("batch");
  });
});
