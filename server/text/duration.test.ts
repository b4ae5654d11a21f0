import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";

describe("formatDuration", () => {
  it("rounds fractional milliseconds measured with performance.now()", () => {
    expect(formatDuration(17.87559800001327)).toBe("18 ms");
    expect(formatDuration(0.4)).toBe("under 1 ms");
    expect(formatDuration(999.4)).toBe("999 ms");
  });

  it("switches to seconds, minutes and hours", () => {
    expect(formatDuration(999.6)).toBe("1 s");
    expect(formatDuration(1_234)).toBe("1.2 s");
    expect(formatDuration(59_940)).toBe("59.9 s");
    expect(formatDuration(59_960)).toBe("1 min");
    expect(formatDuration(125_000)).toBe("2 min 5 s");
    expect(formatDuration(3_600_000)).toBe("1 h");
    expect(formatDuration(5_430_000)).toBe("1 h 31 min");
  });

  it("shows a dash for what has no duration yet", () => {
    expect(formatDuration(null)).toBe("—");
    expect(formatDuration(undefined)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});
