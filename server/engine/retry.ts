import type { Catcher, Retrier } from "@/server/engine/definition.schema";
import { ErrorNames, isTerminalError, type StatesError } from "@/server/engine/errors";

/** ASL defaults for a retrier's optional fields. */
export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "NONE" } as const;

/**
 * Whether an ErrorEquals list matches an error. States.ALL matches everything, States.TaskFailed
 * everything except States.Timeout; terminal errors (States.Runtime, limits) match nothing, as in AWS.
 */
export function errorMatches(errorEquals: readonly string[], errorName: string): boolean {
  if (isTerminalError(errorName)) return false;
  return errorEquals.some((name) => name === errorName || name === ErrorNames.ALL || (name === ErrorNames.TaskFailed && errorName !== ErrorNames.Timeout));
}

/** The delay before retry number `attempt` (0-based) of this retrier, before any Retry-After override. */
export function retryDelayMs(retrier: Retrier, attempt: number, random: () => number): number {
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let seconds = interval * backoff ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) seconds = Math.min(seconds, retrier.MaxDelaySeconds);
  const delayMs = seconds * 1000;
  // FULL jitter spreads retries of many executions hitting the same outage over [0, delay).
  return (retrier.JitterStrategy ?? RETRY_DEFAULTS.JitterStrategy) === "FULL" ? Math.floor(random() * delayMs) : Math.round(delayMs);
}

export interface RetryPlan {
  delayMs: number;
  retrierIndex: number;
  /** Attempts used per retrier, including this one; store it and pass it back on the re-run. */
  retrierAttempts: number[];
}

/**
 * Decides whether a failed state runs again. The first retrier whose ErrorEquals matches decides
 * alone: once its MaxAttempts are used up the error goes to Catch, later retriers are not tried
 * (the ASL rule). Each retrier counts its own attempts.
 */
export function planRetry(
  retriers: readonly Retrier[] | undefined,
  error: StatesError,
  retrierAttempts: readonly number[],
  random: () => number,
): RetryPlan | null {
  if (!retriers || !error.retryable) return null;
  const index = retriers.findIndex((retrier) => errorMatches(retrier.ErrorEquals, error.name));
  if (index === -1) return null;
  const retrier = retriers[index];
  const used = retrierAttempts[index] ?? 0;
  if (used >= (retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts)) return null;
  const delayMs = error.retryAfterSeconds !== undefined ? Math.max(0, error.retryAfterSeconds * 1000) : retryDelayMs(retrier, used, random);
  const attempts = retriers.map((_, position) => retrierAttempts[position] ?? 0);
  attempts[index] = used + 1;
  return { delayMs, retrierIndex: index, retrierAttempts: attempts };
}

/** The first catcher whose ErrorEquals matches, if any. */
export function findCatcher(catchers: readonly Catcher[] | undefined, error: StatesError): Catcher | undefined {
  return catchers?.find((catcher) => errorMatches(catcher.ErrorEquals, error.name));
}
