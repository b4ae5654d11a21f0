/** Default replay window, in seconds, used by every provider that documents one (Stripe, Slack, Svix). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Parses a header of whole Unix seconds; anything else (decimals, signs, spaces inside) is malformed. */
export function parseUnixSeconds(text: string): number | null {
  const value = text.trim();
  return /^\d{1,12}$/.test(value) ? Number(value) : null;
}

/**
 * The window is symmetric: a timestamp far in the future is as suspicious as a stale one, and a
 * replay window that only looks backwards can be stretched by signing with a future timestamp.
 * Returns a reason when outside the window, null when inside.
 */
export function outsideTolerance(signedAtSeconds: number, now: Date, toleranceSeconds: number): string | null {
  const skew = Math.floor(now.getTime() / 1000) - signedAtSeconds;
  if (Math.abs(skew) <= toleranceSeconds) return null;
  const direction = skew > 0 ? "old" : "in the future";
  return `timestamp is ${Math.abs(skew)} s ${direction}; tolerance is ${toleranceSeconds} s (stale or replayed delivery, or a clock out of sync)`;
}
