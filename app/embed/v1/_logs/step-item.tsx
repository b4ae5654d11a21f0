import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { formatDuration } from "./format";
import { JsonBlock } from "./json-block";

type Step = inferRouterOutputs<AppRouter>["embed"]["logs"]["detail"]["steps"][number];

export function StepItem({ step }: { step: Step }) {
  return (
    <li className="sy-card space-y-2 p-3" data-testid="execution-step">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span className="sy-muted">#{step.sequence}</span>
        <span className="font-semibold">{step.stateName}</span>
        <span className="sy-muted text-xs">{step.stateType}</span>
        <StatusBadge status={step.status} />
        {step.attempt > 1 ? <span className="sy-badge sy-badge-warning">attempt {step.attempt}</span> : null}
        <span className="sy-muted ml-auto text-xs">{formatDuration(step.durationMs)}</span>
      </div>
      {step.error ? <p className="sy-field-error">{step.error}</p> : null}
      <JsonBlock label="Input" value={step.input} />
      <JsonBlock label="Output" value={step.output} />
      {step.calls.length ? (
        <details className="text-sm">
          <summary className="cursor-pointer font-medium">HTTP calls ({step.calls.length})</summary>
          <ul className="mt-1 space-y-2">
            {step.calls.map((call, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <li key={index} className="sy-surface space-y-1 p-2">
                <p className="font-mono text-xs break-all">
                  {call.method} {call.url} → {call.status ?? "no response"} · {formatDuration(call.durationMs)}
                  {call.attempt > 1 ? ` · attempt ${call.attempt}` : ""}
                </p>
                {call.error ? <p className="sy-field-error">{call.error}</p> : null}
                <JsonBlock label="Request" value={{ headers: call.requestHeaders, body: call.requestBody }} />
                <JsonBlock label="Response" value={call.status === undefined ? undefined : { headers: call.responseHeaders, body: call.responseBody }} />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}
