/**
 * Holds the current JWT and renews it through the vendor's `refresh` callback shortly before it
 * expires, so open frames are re-authenticated without a reload.
 */
import { readJwtExpiry } from "./jwt.js";
import type { AuthenticateOptions, Clock } from "./types.js";

/** Ask for a new token this long before `exp`, leaving room for a slow backend and clock skew. */
export const REFRESH_LEAD_MS = 60_000;
/** After a failed refresh, try again this often while the old token is still valid. */
export const REFRESH_RETRY_MS = 15_000;
/** A backend that hands out tokens already inside the lead window must not be called in a loop. */
export const MIN_REFRESH_INTERVAL_MS = 5_000;
/** Browsers run a setTimeout longer than 2^31-1 ms immediately, so long waits are chained. */
const MAX_TIMER_MS = 2_147_483_647;

export interface TokenSessionOptions {
  clock: Clock;
  /** A token arrived from `refresh`; hand it to the open frames. */
  onRefreshed(token: string): void;
  onRefreshFailed(error: unknown): void;
}

export interface TokenSession {
  token(): string | undefined;
  set(options: AuthenticateOptions): void;
  stop(): void;
}

export function createTokenSession({ clock, onRefreshed, onRefreshFailed }: TokenSessionOptions): TokenSession {
  let current: AuthenticateOptions | undefined;
  let timer: unknown;
  // Bumped on every set()/stop() so a refresh still in flight for an older token is discarded.
  let generation = 0;

  function clearTimer(): void {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
  }

  function scheduleAt(when: number, run: () => void): void {
    clearTimer();
    const wait = Math.max(0, when - clock.now());
    timer = clock.setTimeout(
      () => {
        timer = undefined;
        if (clock.now() < when) scheduleAt(when, run);
        else run();
      },
      Math.min(wait, MAX_TIMER_MS),
    );
  }

  function scheduleRefresh(floorMs: number): void {
    if (!current?.refresh) return;
    const expiresAt = readJwtExpiry(current.token);
    if (expiresAt === undefined) return;
    const now = clock.now();
    // Short-lived tokens (shorter than twice the lead) are renewed halfway through their life instead.
    const wait = Math.max(expiresAt - REFRESH_LEAD_MS - now, (expiresAt - now) / 2, floorMs);
    scheduleAt(now + wait, () => void runRefresh(expiresAt));
  }

  async function runRefresh(expiresAt: number): Promise<void> {
    const refresh = current?.refresh;
    if (!refresh) return;
    const startedIn = generation;
    try {
      const token = await refresh();
      if (startedIn !== generation) return;
      if (typeof token !== "string" || token === "") throw new Error("refresh() resolved without a token");
      current = { token, refresh };
      onRefreshed(token);
      scheduleRefresh(MIN_REFRESH_INTERVAL_MS);
    } catch (error) {
      if (startedIn !== generation) return;
      onRefreshFailed(error);
      if (clock.now() + REFRESH_RETRY_MS < expiresAt) scheduleAt(clock.now() + REFRESH_RETRY_MS, () => void runRefresh(expiresAt));
    }
  }

  return {
    token: () => current?.token,
    set(options) {
      generation++;
      clearTimer();
      current = { ...options };
      scheduleRefresh(0);
    },
    stop() {
      generation++;
      clearTimer();
    },
  };
}
