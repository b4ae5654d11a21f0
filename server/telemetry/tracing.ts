/**
 * Tracing as the hot paths (the ingest, the run loop) see it. `activeTracing()` is null unless this
 * process started tracing (`startTracing` in start-tracing.ts, only when an OTLP endpoint is set):
 * then the ingest and the runner skip every tracing step behind one null check, and neither the
 * OpenTelemetry SDK nor its API is loaded. What a span carries is decided in otel-tracing.ts, in
 * one place: ids, names and outcomes — never secrets, headers or bodies.
 *
 * The tracer is the process's (server/process-singleton.ts): the web process runs its own modules
 * (the webhook path) and Next.js's bundled copies of them (route handlers) side by side, and both
 * must see one tracer.
 */
import { processSingleton } from "@/server/process-singleton";

/** The delivery a webhook span describes, as soon as the endpoint is known. */
export interface DeliveryAttributes {
  organizationId: string;
  instanceId: string;
  customerId: string;
  endpointId: string;
}

export interface IngestSpan {
  /** W3C `traceparent` of this span: the executions the delivery starts continue its trace. */
  readonly traceContext: string;
  describe(delivery: DeliveryAttributes): void;
  /** The flows it started and what was recorded, once known. */
  accepted(result: { flowKeys: string[]; eventId: string; executionIds: string[] }): void;
  end(outcome: { status: number; verdict: string }): void;
}

/** What a run span says about its execution (RunInfo's ids and names). */
export interface RunAttributes {
  executionId: string;
  organizationId: string;
  instanceId: string;
  customerId: string;
  customerExternalId: string;
  integrationKey: string;
  integrationVersion: number;
  flowKey: string;
  trigger: string;
  /** The trace the execution belongs to (stored with it), or null for a run that starts it. */
  traceContext: string | null;
}

/** One HTTP exchange of a connector action, as its record says (connectors/http/records.ts). */
export interface TracedHttpCall {
  method: string;
  /** With secret query parameters redacted; only its scheme, host and port are exported. */
  url: string;
  status?: number;
  durationMs: number;
  attempt: number;
  error?: string;
}

export interface StateSpan {
  httpCall(call: TracedHttpCall): void;
  end(step: { status: string; error?: { Error?: string } | null }): void;
}

export interface RunSpan {
  /** W3C `traceparent` of this run: stored with an execution that had none, so its later runs join this trace. */
  readonly traceContext: string;
  startState(state: { name: string; type: string; attempt: number; action?: string }): StateSpan;
  end(result: { kind: string; error?: { Error?: string } | null }): void;
}

export interface Tracing {
  startIngest(): IngestSpan;
  startRun(run: RunAttributes): RunSpan;
  /** Exports what has ended so far. */
  flush(): Promise<void>;
  /** Exports what is left and stops exporting. */
  shutdown(): Promise<void>;
}

const holder = processSingleton<{ tracing: Tracing | null }>("tracing", () => ({ tracing: null }));

/** This process's tracer, or null when tracing is off (the default). */
export function activeTracing(): Tracing | null {
  return holder.tracing;
}

export function useTracing(tracing: Tracing | null): void {
  holder.tracing = tracing;
}
