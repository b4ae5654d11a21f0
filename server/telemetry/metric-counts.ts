/**
 * What the ingest and the runtime count for `/api/metrics`: deliveries by verdict, finished
 * executions by flow and status, step durations (a histogram), failed connection refreshes. Each
 * count is added in memory (a map update: nothing on the hot paths touches the database for it)
 * and every process adds what it counted to the shared counters in the database every
 * FLUSH_INTERVAL_MS, in one statement (metrics.repo.ts). So the route answers for the whole
 * installation, whichever process counted, and the counters survive restarts; what a process
 * counted in its last seconds before a crash is lost.
 *
 * The counts are the process's (server/process-singleton.ts): in the web process the webhook path's
 * modules and Next.js's bundled copies of them count into one set, flushed together.
 */
import { processSingleton } from "@/server/process-singleton";
import { addToCounters, type CounterDelta } from "./metrics.repo";

export const DELIVERIES = "switchyard_webhook_deliveries_total";
export const EXECUTIONS_FINISHED = "switchyard_executions_finished_total";
export const STEP_DURATION = "switchyard_step_duration_seconds";
export const REFRESH_FAILURES = "switchyard_connection_refresh_failures_total";

/** Upper bounds (seconds) of the step duration buckets: in-memory states take microseconds, HTTP actions up to minutes. */
export const STEP_DURATION_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export const FLUSH_INTERVAL_MS = 10_000;

/** How a delivery was answered: the verdict it was recorded with, or `refused` when nothing was recorded (unknown endpoint, rate limit, size, paused…). */
export type DeliveryVerdict = "accepted" | "buffered" | "filtered" | "duplicate" | "rejected" | "challenge" | "refused";

interface Counts {
  pending: Map<string, CounterDelta>;
  timer?: NodeJS.Timeout;
}

const processCounts = processSingleton<Counts>("metricCounts", () => ({ pending: new Map() }));
function counts(): Counts {
  return processCounts;
}

/** Label values in a fixed order, so one series always has one key (and the same stored labels). */
function add(key: string, name: string, labels: () => Record<string, string>, value: number): void {
  const state = counts();
  const found = state.pending.get(key);
  if (found) {
    found.value += value;
    return;
  }
  state.pending.set(key, { name, labels: JSON.stringify(labels()), value });
  state.timer ??= setInterval(() => void flushMetrics(), FLUSH_INTERVAL_MS).unref();
}

export function countDelivery(verdict: DeliveryVerdict, status: number): void {
  add(`d\0${verdict}\0${status}`, DELIVERIES, () => ({ status: String(status), verdict }), 1);
}

export function countExecutionFinished(integration: string, flow: string, status: "succeeded" | "failed" | "cancelled"): void {
  add(`x\0${integration}\0${flow}\0${status}`, EXECUTIONS_FINISHED, () => ({ flow, integration, status }), 1);
}

/** `action` for Action states (`zendesk.createTicket`), empty for the others. */
export function observeStepDuration(stateType: string, action: string, seconds: number): void {
  const bucket = STEP_DURATION_BUCKETS.find((bound) => seconds <= bound);
  const le = bucket === undefined ? "+Inf" : String(bucket);
  const base = `s\0${stateType}\0${action}`;
  add(`${base}\0${le}`, `${STEP_DURATION}_bucket`, () => ({ action, le, state_type: stateType }), 1);
  add(`${base}\0sum`, `${STEP_DURATION}_sum`, () => ({ action, state_type: stateType }), seconds);
  add(`${base}\0count`, `${STEP_DURATION}_count`, () => ({ action, state_type: stateType }), 1);
}

/** `refused`: the provider refused the grant, the connection needs reconnecting; `failed`: the refresh could not be made (network, provider error) and is tried again. */
export function countRefreshFailure(connector: string, outcome: "refused" | "failed"): void {
  add(`r\0${connector}\0${outcome}`, REFRESH_FAILURES, () => ({ connector, outcome }), 1);
}

/**
 * Adds what this process counted since the last flush to the database's counters. A flush that
 * fails (the database is away) keeps its counts for the next one.
 */
export async function flushMetrics(): Promise<void> {
  const state = counts();
  if (state.pending.size === 0) return;
  // Series re-added after a failed flush may sit under two keys: one row each, or the upsert refuses the batch.
  const merged = new Map<string, CounterDelta>();
  for (const delta of state.pending.values()) {
    const key = `${delta.name}\0${delta.labels}`;
    const found = merged.get(key);
    if (found) found.value += delta.value;
    else merged.set(key, { ...delta });
  }
  const deltas = [...merged.values()];
  state.pending = new Map();
  try {
    await addToCounters(deltas);
  } catch {
    for (const delta of deltas) {
      const key = `${delta.name}\0${delta.labels}`;
      const found = state.pending.get(key);
      if (found) found.value += delta.value;
      else state.pending.set(key, delta);
    }
  }
}
