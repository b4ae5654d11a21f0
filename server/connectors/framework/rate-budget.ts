/**
 * A request budget of a connection: providers limit calls per account, not per flow, so every flow
 * and action using one connection shares it. A connector declares the provider's usual limit
 * (`defineConnector({ rateLimit })`); a manifest's connection can set the account's own
 * (`connections: { zendesk: { connector: zendesk, rateLimit: { requests: 700, per: minute } } }`).
 * The runtime enforces it (server/runtime/connection-gate.ts): connectors only declare it.
 */
export interface RateBudget {
  /** Requests allowed per `per`, and as many at once after a quiet spell. */
  requests: number;
  per: "second" | "minute" | "hour";
}

const SECONDS: Record<RateBudget["per"], number> = { second: 1, minute: 60, hour: 3600 };

/** Requests per second the budget refills at. */
export function refillPerSecond(budget: RateBudget): number {
  return budget.requests / SECONDS[budget.per];
}

/** "700 requests a minute" */
export function describeBudget(budget: RateBudget): string {
  return `${budget.requests} request${budget.requests === 1 ? "" : "s"} a ${budget.per}`;
}
