/**
 * A check that runs on a timer and fails while a dependency (the database) is away: the first
 * failure is logged, the rest of the outage quietly, and the first success after it says how many
 * attempts failed. Without this a worker logged the same warning every half-lease of an outage.
 */
import type { Logger } from "@/server/logger";

export function repeatedFailureLog(log: Logger, context: { component: string; what: string }) {
  let failed = 0;
  return {
    failed(error: unknown): void {
      if (failed++ === 0)
        log.warn(
          { component: context.component, err: error instanceof Error ? error.message : String(error) },
          `could not ${context.what}; retrying quietly until it works`,
        );
    },
    succeeded(): void {
      if (failed > 0) log.info({ component: context.component, failedAttempts: failed }, `${context.what}: works again`);
      failed = 0;
    },
  };
}
