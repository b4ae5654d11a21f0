/**
 * The gate in front of a connection's HTTP calls during an execution (connectors/http/request-gate.ts):
 * the connection's rate budget, shared by every flow and worker using it, and the pause a provider
 * asks for with 429 + Retry-After. A wait of up to a second is slept in-process; anything longer
 * parks the execution (ConnectionThrottledError → status waiting until then, no worker held, no
 * attempt counted), and the state runs again with the same idempotency key.
 */
import { describeBudget, refillPerSecond, type RateBudget } from "@/server/connectors/framework/rate-budget";
import type { ResolvedConnection } from "@/server/connectors/framework/context";
import type { RequestGate } from "@/server/connectors/http/request-gate";
import { defaultSleep, type Sleep } from "@/server/connectors/http/retry-policy";
import { ConnectionThrottledError } from "@/server/engine/errors";
import { pauseConnection, takeBudgetToken } from "@/server/modules/connections/connection-budget.repo";
import { platformCall } from "./platform-call";

/** Waits this short are slept where the call is; longer ones park the execution. */
export const IN_PROCESS_WAIT_MS = 1000;

export interface ConnectionGateOptions {
  organizationId: string;
  connection: ResolvedConnection & { key: string };
  budget: RateBudget | undefined;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
}

function clock(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Undefined when the connection is not a stored one (nothing to share a budget through). */
export function connectionGate(options: ConnectionGateOptions): RequestGate | undefined {
  const stored = options.connection.stored;
  if (!stored) return undefined;
  const { organizationId, budget } = options;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const name = `the connection "${options.connection.key}"`;
  let pausedUntil = stored.pausedUntil?.getTime() ?? 0;

  const pausedError = (until: number) => new ConnectionThrottledError(new Date(until), `the provider asked to pause calls on ${name} until ${clock(until)}`);

  async function waitOrPark(ms: number, park: () => ConnectionThrottledError, signal?: AbortSignal): Promise<void> {
    if (ms <= 0) return;
    if (ms > IN_PROCESS_WAIT_MS) throw park();
    await sleep(ms, signal);
  }

  return {
    maxInProcessWaitMs: IN_PROCESS_WAIT_MS,
    async beforeRequest(signal) {
      await waitOrPark(pausedUntil - now(), () => pausedError(pausedUntil), signal);
      if (!budget) return;
      const perSecond = refillPerSecond(budget);
      const take = await platformCall(() =>
        takeBudgetToken(organizationId, stored.id, { capacity: budget.requests, perSecond, aheadSeconds: IN_PROCESS_WAIT_MS / 1000 }),
      );
      if (!take) return;
      if (take.pausedMs !== null) {
        pausedUntil = now() + take.pausedMs;
        await waitOrPark(take.pausedMs, () => pausedError(pausedUntil), signal);
        return this.beforeRequest(signal);
      }
      // The token comes this much later (a token reserved ahead, or the next one to refill).
      const waitMs = (Math.max(0, 1 - take.available) / perSecond) * 1000;
      const spent = () => {
        // Spread the parked ones over a second or more, so they do not all come back at once.
        const until = now() + waitMs + random() * Math.max(IN_PROCESS_WAIT_MS, waitMs / 2);
        return new ConnectionThrottledError(new Date(until), `${name} used its budget of ${describeBudget(budget)}; the call waits until ${clock(until)}`);
      };
      if (!take.taken) throw spent();
      await waitOrPark(waitMs, spent, signal);
    },
    async providerPaused(retryAfterMs, provider) {
      const until = now() + retryAfterMs;
      pausedUntil = Math.max(pausedUntil, until);
      await platformCall(() => pauseConnection(organizationId, stored.id, retryAfterMs));
      return new ConnectionThrottledError(
        new Date(until),
        `${provider} answered 429 Too Many Requests on ${name} and asked to wait ${Math.ceil(retryAfterMs / 1000)} s; calls through it resume at ${clock(until)}`,
      );
    },
  };
}
