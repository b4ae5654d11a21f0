import { describe, expect, it, vi } from "vitest";
import { createFakeClock } from "./testing/fake-clock.js";
import { fakeJwt } from "./testing/fixtures.js";
import { createTokenSession, MIN_REFRESH_INTERVAL_MS, REFRESH_LEAD_MS, REFRESH_RETRY_MS } from "./token-session.js";

const HOUR = 3_600_000;

function setup() {
  const clock = createFakeClock();
  const refreshed: string[] = [];
  const failures: unknown[] = [];
  const session = createTokenSession({ clock, onRefreshed: (token) => refreshed.push(token), onRefreshFailed: (error) => failures.push(error) });
  /** A token that expires `ms` from the clock's current time. */
  const tokenExpiringIn = (ms: number, sub = "u1") => fakeJwt({ sub, exp: Math.floor((clock.now() + ms) / 1000) });
  return { clock, session, refreshed, failures, tokenExpiringIn };
}

// Lets the promise returned by refresh() settle.
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("token refresh", () => {
  it("asks for a new token a minute before exp, hands it over, and schedules the next one", async () => {
    const { clock, session, refreshed, tokenExpiringIn } = setup();
    const refresh = vi.fn(async () => tokenExpiringIn(HOUR, `u${refresh.mock.calls.length}`));
    session.set({ token: tokenExpiringIn(HOUR), refresh });

    clock.advance(HOUR - REFRESH_LEAD_MS - 1_000);
    expect(refresh).not.toHaveBeenCalled();
    clock.advance(1_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await settle();
    expect(refreshed).toHaveLength(1);
    expect(session.token()).toBe(refreshed[0]);

    clock.advance(HOUR - REFRESH_LEAD_MS);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it("renews short-lived tokens halfway through their life instead of in a loop", async () => {
    const { clock, session, tokenExpiringIn } = setup();
    const refresh = vi.fn(async () => tokenExpiringIn(30_000));
    session.set({ token: tokenExpiringIn(30_000), refresh });

    clock.advance(14_000);
    expect(refresh).not.toHaveBeenCalled();
    clock.advance(1_000);
    expect(refresh).toHaveBeenCalledTimes(1);
    await settle();
    clock.advance(MIN_REFRESH_INTERVAL_MS - 1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("refreshes at once when handed a token that has already expired", () => {
    const { clock, session, tokenExpiringIn } = setup();
    const refresh = vi.fn(async () => tokenExpiringIn(HOUR));
    session.set({ token: tokenExpiringIn(-1_000), refresh });
    clock.advance(0);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it("reports a failed refresh and retries while the old token is still valid", async () => {
    const { clock, session, failures, refreshed, tokenExpiringIn } = setup();
    const refresh = vi
      .fn()
      .mockRejectedValueOnce(new Error("backend down"))
      .mockResolvedValueOnce(tokenExpiringIn(2 * HOUR));
    session.set({ token: tokenExpiringIn(HOUR), refresh });

    clock.advance(HOUR - REFRESH_LEAD_MS);
    await settle();
    expect(failures).toEqual([new Error("backend down")]);
    clock.advance(REFRESH_RETRY_MS);
    await settle();
    expect(refresh).toHaveBeenCalledTimes(2);
    expect(refreshed).toHaveLength(1);
  });

  it("gives up once the token has expired", async () => {
    const { clock, session, failures, tokenExpiringIn } = setup();
    const refresh = vi.fn().mockRejectedValue(new Error("backend down"));
    session.set({ token: tokenExpiringIn(HOUR), refresh });
    clock.advance(HOUR - REFRESH_LEAD_MS);
    await settle();
    for (let i = 0; i < 10; i++) {
      clock.advance(REFRESH_RETRY_MS);
      await settle();
    }
    clock.advance(HOUR);
    await settle();
    // At -60 s, -45 s, -30 s and -15 s; none after exp.
    expect(refresh).toHaveBeenCalledTimes(4);
    expect(failures).toHaveLength(4);
  });

  it("treats an empty answer from refresh() as a failure", async () => {
    const { clock, session, failures, refreshed, tokenExpiringIn } = setup();
    const original = tokenExpiringIn(HOUR);
    session.set({ token: original, refresh: async () => "" });
    clock.advance(HOUR - REFRESH_LEAD_MS);
    await settle();
    expect(refreshed).toEqual([]);
    expect(failures).toHaveLength(1);
    expect(session.token()).toBe(original);
  });

  it("discards a refresh that was overtaken by a new token", async () => {
    const { clock, session, refreshed, tokenExpiringIn } = setup();
    let resolveRefresh: (token: string) => void = () => {};
    const refresh = () => new Promise<string>((resolve) => (resolveRefresh = resolve));
    session.set({ token: tokenExpiringIn(HOUR), refresh });
    clock.advance(HOUR - REFRESH_LEAD_MS);

    const fromVendor = tokenExpiringIn(HOUR, "vendor");
    session.set({ token: fromVendor });
    resolveRefresh(tokenExpiringIn(HOUR, "stale"));
    await settle();
    expect(refreshed).toEqual([]);
    expect(session.token()).toBe(fromVendor);
  });

  it("schedules nothing without a refresh callback, without exp, or after stop()", () => {
    const { clock, session, tokenExpiringIn } = setup();
    const refresh = vi.fn(async () => tokenExpiringIn(HOUR));
    session.set({ token: tokenExpiringIn(HOUR) });
    expect(clock.pending()).toBe(0);
    session.set({ token: fakeJwt({ sub: "u1" }), refresh });
    expect(clock.pending()).toBe(0);
    session.set({ token: tokenExpiringIn(HOUR), refresh });
    session.stop();
    clock.advance(2 * HOUR);
    expect(refresh).not.toHaveBeenCalled();
  });

  it("waits out expiries beyond the browser's longest timer", () => {
    const { clock, session, tokenExpiringIn } = setup();
    const refresh = vi.fn(async () => tokenExpiringIn(HOUR));
    const thirtyDays = 30 * 24 * HOUR;
    session.set({ token: tokenExpiringIn(thirtyDays), refresh });
    clock.advance(thirtyDays - REFRESH_LEAD_MS - 1_000);
    expect(refresh).not.toHaveBeenCalled();
    clock.advance(1_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
