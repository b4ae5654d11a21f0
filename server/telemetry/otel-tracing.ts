/**
 * The tracer behind tracing.ts, on the OpenTelemetry SDK, exporting by OTLP/HTTP (JSON). Loaded
 * only when tracing is on (start-tracing.ts imports it on demand). Spans, and the only attributes
 * they carry (docs/telemetry.md lists them):
 *
 * - `POST /api/hooks/{token}` (server): one per webhook delivery — endpoint, instance, customer,
 *   organization, verdict, status, the flows, event and executions it started. Never the token,
 *   headers or body.
 * - `execution <integration>/<flow>`: one per run of an execution (a claim until it finishes, parks
 *   or is handed back); the first is a child of the delivery's span, or the root of the trace when
 *   nothing delivered the execution; later runs (after a wait, a crash) continue the same trace.
 * - `state <name>`: one per state run, with its type, attempt, action and outcome (the error's name,
 *   never its cause, which may quote a response).
 * - `<METHOD>` (client): one per HTTP exchange of a connector action (each attempt and redirect),
 *   with scheme, host, port and status — not the path or query, which can hold ids or keys.
 */
import { diag, DiagLogLevel, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from "@opentelemetry/api";
import { parseTraceParent } from "@opentelemetry/core";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  TracerProvider,
  type Sampler,
} from "@opentelemetry/sdk-trace";
import type { TracingSettings } from "@/server/env";
import type { Logger } from "@/server/logger";
import type { IngestSpan, RunAttributes, RunSpan, StateSpan, TracedHttpCall, Tracing } from "./tracing";

const HOOK_ROUTE = "/api/hooks/{token}";

function samplerOf(settings: TracingSettings): Sampler {
  const ratio = new TraceIdRatioBasedSampler(settings.ratio);
  switch (settings.sampler) {
    case "always_on":
      return new AlwaysOnSampler();
    case "always_off":
      return new AlwaysOffSampler();
    case "traceidratio":
      return ratio;
    case "parentbased_always_on":
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
    case "parentbased_always_off":
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case "parentbased_traceidratio":
      return new ParentBasedSampler({ root: ratio });
  }
}

/** The span's W3C `traceparent`. */
function traceparentOf(span: Span): string {
  const { traceId, spanId, traceFlags } = span.spanContext();
  return `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, "0")}`;
}

/** The context a stored `traceparent` names; the root context when there is none (or it is not one). */
function contextOf(traceparent: string | null): Context {
  const parent = traceparent ? parseTraceParent(traceparent) : null;
  return parent ? trace.setSpanContext(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
}

function failed(span: Span, errorName: string | undefined): void {
  const name = errorName ?? "Error";
  span.setAttribute("error.type", name);
  span.setStatus({ code: SpanStatusCode.ERROR, message: name });
}

function ingestSpan(tracer: Tracer): IngestSpan {
  const span = tracer.startSpan(
    `POST ${HOOK_ROUTE}`,
    { kind: SpanKind.SERVER, attributes: { "http.request.method": "POST", "http.route": HOOK_ROUTE } },
    ROOT_CONTEXT,
  );
  return {
    traceContext: traceparentOf(span),
    describe(delivery) {
      span.setAttributes({
        "switchyard.organization.id": delivery.organizationId,
        "switchyard.instance.id": delivery.instanceId,
        "switchyard.customer.id": delivery.customerId,
        "switchyard.endpoint.id": delivery.endpointId,
      });
    },
    accepted(result) {
      span.setAttributes({ "switchyard.flow.keys": result.flowKeys, "switchyard.event.id": result.eventId, "switchyard.execution.ids": result.executionIds });
    },
    end(outcome) {
      span.setAttributes({ "http.response.status_code": outcome.status, "switchyard.delivery.verdict": outcome.verdict });
      if (outcome.status >= 500) failed(span, String(outcome.status));
      span.end();
    },
  };
}

function httpCallSpan(tracer: Tracer, parent: Context, call: TracedHttpCall): void {
  const end = Date.now();
  const attributes: Attributes = { "http.request.method": call.method, "switchyard.http.attempt": call.attempt };
  try {
    const url = new URL(call.url);
    attributes["url.scheme"] = url.protocol.replace(/:$/, "");
    attributes["server.address"] = url.hostname;
    attributes["server.port"] = Number(url.port || (url.protocol === "https:" ? 443 : 80));
  } catch {
    // A record always has an absolute URL; without one the span just lacks the server.
  }
  if (call.status !== undefined) attributes["http.response.status_code"] = call.status;
  const span = tracer.startSpan(call.method, { kind: SpanKind.CLIENT, startTime: end - call.durationMs, attributes }, parent);
  if (call.status === undefined) failed(span, "no_response");
  else if (call.status >= 400) failed(span, String(call.status));
  span.end(end);
}

function stateSpan(tracer: Tracer, parent: Context, state: { name: string; type: string; attempt: number; action?: string }): StateSpan {
  const span = tracer.startSpan(
    `state ${state.name}`,
    {
      attributes: {
        "switchyard.state.name": state.name,
        "switchyard.state.type": state.type,
        "switchyard.step.attempt": state.attempt,
        ...(state.action ? { "switchyard.action": state.action } : {}),
      },
    },
    parent,
  );
  const context = trace.setSpan(parent, span);
  return {
    httpCall: (call) => httpCallSpan(tracer, context, call),
    end(step) {
      span.setAttribute("switchyard.step.status", step.status);
      if (step.error) failed(span, step.error.Error);
      span.end();
    },
  };
}

function runSpan(tracer: Tracer, run: RunAttributes): RunSpan {
  const span = tracer.startSpan(
    `execution ${run.integrationKey}/${run.flowKey}`,
    {
      attributes: {
        "switchyard.execution.id": run.executionId,
        "switchyard.organization.id": run.organizationId,
        "switchyard.instance.id": run.instanceId,
        "switchyard.customer.id": run.customerId,
        "switchyard.customer.external_id": run.customerExternalId,
        "switchyard.integration.key": run.integrationKey,
        "switchyard.integration.version": run.integrationVersion,
        "switchyard.flow.key": run.flowKey,
        "switchyard.trigger": run.trigger,
      },
    },
    contextOf(run.traceContext),
  );
  const context = trace.setSpan(ROOT_CONTEXT, span);
  return {
    traceContext: traceparentOf(span),
    startState: (state) => stateSpan(tracer, context, state),
    end(result) {
      span.setAttribute("switchyard.execution.result", result.kind);
      if (result.kind === "failed" || result.kind === "error") failed(span, result.error?.Error);
      span.end();
    },
  };
}

export interface OtelTracingOptions {
  /** `web` or `worker`: which kind of process the spans come from (resource attribute `switchyard.process.role`). */
  role: string;
  /** Where failed exports (a collector that is down or refuses) are reported, at most once a minute. */
  log?: Logger;
}

/** The SDK reports export failures through its diagnostic logger: a warning now and then, not one per batch. */
function reportExportProblems(log: Logger): void {
  let lastAt = 0;
  const warn = (message: string, ...args: unknown[]) => {
    if (Date.now() - lastAt < 60_000) return;
    lastAt = Date.now();
    log.warn(
      { component: "tracing", detail: args.map((a) => (a instanceof Error ? a.message : String(a))).join(" ") },
      `traces could not be exported: ${message}`,
    );
  };
  diag.setLogger({ error: warn, warn, info: () => {}, debug: () => {}, verbose: () => {} }, DiagLogLevel.WARN);
}

export function createOtelTracing(settings: TracingSettings, options: OtelTracingOptions): Tracing {
  if (options.log) reportExportProblems(options.log);
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": settings.serviceName, "switchyard.process.role": options.role, "process.pid": process.pid }),
    sampler: samplerOf(settings),
    // A queue deep enough for a few seconds of a busy worker (about six spans per execution); spans past it are dropped, and said so in the log.
    spanProcessors: [
      new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: settings.url }), scheduledDelayMillis: settings.exportDelayMs, maxQueueSize: 16_384 }),
    ],
  });
  const tracer = provider.getTracer("switchyard");
  return {
    startIngest: () => ingestSpan(tracer),
    startRun: (run) => runSpan(tracer, run),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
