import { describe, expect, it } from "vitest";
import { RateTokens, reservationSize } from "./rate-tokens";

/** A bucket in memory standing in for the endpoint row, counting reservations. */
function bucket(tokens: number) {
  const state = { tokens, reservations: 0 };
  const reserve = async (_id: string, _limit: unknown, want: number) => {
    state.reservations++;
    await Promise.resolve();
    const granted = Math.min(want, Math.max(0, Math.floor(state.tokens)));
    state.tokens -= granted;
    return { granted };
  };
  return { state, reserve };
}

describe("RateTokens", () => {
  it("reserves a tenth of a second's refill at a time, between 1 and the burst", () => {
    expect(reservationSize({ perSecond: 20, burst: 200 })).toBe(2);
    expect(reservationSize({ perSecond: 0.1, burst: 5 })).toBe(1);
    expect(reservationSize({ perSecond: 1_000_000, burst: 50 })).toBe(50);
    expect(reservationSize({ perSecond: 1_000_000, burst: 1_000_000 })).toBe(1000);
  });

  it("spends reserved tokens from memory and admits no more than the bucket held", async () => {
    const { state, reserve } = bucket(25);
    const tokens = new RateTokens(reserve);
    const limit = { perSecond: 100, burst: 100 };
    const taken = await Promise.all(Array.from({ length: 40 }, () => tokens.take("e1", limit)));
    expect(taken.filter(Boolean)).toHaveLength(25);
    expect(state.tokens).toBe(0);
    // 10 per reservation: three that granted tokens, then one that found the bucket empty.
    expect(state.reservations).toBe(4);
  });

  it("forgets unspent tokens after a second instead of handing them back", async () => {
    let now = 0;
    const { state, reserve } = bucket(100);
    const tokens = new RateTokens(reserve, () => now);
    const limit = { perSecond: 100, burst: 100 };
    expect(await tokens.take("e1", limit)).toBe(true);
    expect(state.tokens).toBe(90);
    now = 1500;
    expect(await tokens.take("e1", limit)).toBe(true);
    expect(state.tokens).toBe(80);
    expect(state.reservations).toBe(2);
  });

  it("keeps each endpoint's tokens apart", async () => {
    const { reserve } = bucket(1);
    const tokens = new RateTokens(reserve);
    const limit = { perSecond: 1, burst: 1 };
    expect(await tokens.take("a", limit)).toBe(true);
    expect(await tokens.take("b", limit)).toBe(false);
  });
});
