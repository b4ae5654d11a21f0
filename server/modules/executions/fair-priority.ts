/**
 * Fairness between customers where work is scheduled: the first job of a new execution (accepted
 * at ingest, or started by a poll, a schedule, an emitted event, a replay, a manual run) gets a
 * graphile-worker priority (lower runs first) from how much its customer started lately. A customer
 * with ordinary traffic gets 0; one sending a burst gets later priorities the bigger the burst, so
 * another customer's single event goes ahead of the burst's backlog instead of behind it. Nothing
 * is refused or dropped: the burst runs as fast as the workers allow once others are served.
 *
 * The count is this process's (a decaying count of the customer's new executions, half-life
 * 10 s), kept in memory so the ingest path pays nothing for it. With several web processes behind a
 * load balancer each sees its share of a burst, which still marks it as one.
 */
import { processSingleton } from "@/server/process-singleton";

/** Executions a customer may start within about a half-life before its jobs go later. */
export const FAIR_SHARE = 100;
const HALF_LIFE_MS = 10_000;
/** Priorities 0…MAX_PRIORITY; recovery's resumed work (-10) goes ahead of all of them. */
export const MAX_PRIORITY = 20;
const MAX_TRACKED = 10_000;

interface Recent {
  count: number;
  at: number;
}

export interface FairPriority {
  /** Counts `executions` new executions of the customer and answers the priority of their jobs. */
  next(customerId: string, executions?: number, now?: number): number;
}

/** The priority of a job whose customer recently started `count` executions (0 within its fair share). */
export function priorityFor(count: number): number {
  if (count <= FAIR_SHARE) return 0;
  return Math.min(MAX_PRIORITY, 1 + Math.floor(Math.log2(count / FAIR_SHARE)));
}

/** `recent`: the counts it keeps (the process's for `executionPriority`). */
export function createFairPriority(recent = new Map<string, Recent>()): FairPriority {
  const decayed = (entry: Recent, now: number) => entry.count * 2 ** (-(now - entry.at) / HALF_LIFE_MS);
  const forgetQuiet = (now: number) => {
    for (const [customer, entry] of recent) if (decayed(entry, now) < 1) recent.delete(customer);
  };
  return {
    next(customerId, executions = 1, now = Date.now()) {
      const entry = recent.get(customerId);
      const count = (entry ? decayed(entry, now) : 0) + executions;
      if (!entry && recent.size >= MAX_TRACKED) forgetQuiet(now);
      recent.set(customerId, { count, at: now });
      return priorityFor(count);
    },
  };
}

/** This process's: every execution it starts, from any copy of this module, is counted here (server/process-singleton.ts). */
export const executionPriority = createFairPriority(processSingleton("executions.recentStarts", () => new Map<string, Recent>()));
