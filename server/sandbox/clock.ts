/**
 * The sandbox's notion of now. Token expiry is judged against it, so tests move time forward
 * instead of sleeping through a token's lifetime.
 */
let clock: () => Date = () => new Date();

export function sandboxNow(): Date {
  return clock();
}

/** Replaces the clock (tests); call with no argument to restore the real one. */
export function useSandboxClock(next?: () => Date): void {
  clock = next ?? (() => new Date());
}
