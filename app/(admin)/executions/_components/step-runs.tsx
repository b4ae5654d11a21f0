"use client";

import { describeChanges } from "@/app/_components/json-changes";
import { formatDuration } from "@/server/text/duration";
import { ErrorBox, JsonView } from "../../_components/json-view";
import { StatusBadge } from "../../_components/ui";

type Call = {
  method?: string;
  url?: string;
  status?: number;
  durationMs?: number;
  attempt?: number;
  error?: string;
  requestBody?: string;
  responseBody?: string;
};
type Step = {
  sequence: number;
  stateName: string;
  stateType: string;
  attempt: number;
  status: string;
  input: unknown;
  output: unknown;
  error: unknown;
  calls: unknown;
  startedAt: string;
  durationMs: number;
};

function HttpCalls({ calls }: { calls: Call[] }) {
  return (
    <div>
      <p className="mb-1 text-xs font-medium text-slate-600">HTTP calls</p>
      <ul className="space-y-1">
        {calls.map((call, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
          <li key={i} className="rounded border border-slate-200 p-2 text-xs">
            <span className="font-mono font-semibold">{call.method}</span> <span className="break-all font-mono">{call.url}</span> →{" "}
            <span className={call.status && call.status < 400 ? "text-emerald-700" : "text-red-700"}>{call.status ?? call.error ?? "no answer"}</span>{" "}
            <span className="text-slate-500" data-testid="call-duration">
              {formatDuration(call.durationMs)}
              {call.attempt && call.attempt > 1 ? ` · attempt ${call.attempt}` : ""}
            </span>
            {call.error && call.status ? <p className="mt-1 whitespace-pre-wrap break-words text-red-700">{call.error}</p> : null}
            {call.requestBody || call.responseBody ? (
              <div className="mt-1 space-y-1">
                {call.requestBody ? <JsonView label="request body" value={call.requestBody} /> : null}
                {call.responseBody ? <JsonView label="response body" value={call.responseBody} /> : null}
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The steps of a run. Each preview line says what differs: a step's input against what the step
 * before it handed on (usually nothing), its output against its input (what it added or changed).
 */
export function StepRuns({ steps, runInput }: { steps: Step[]; runInput: unknown }) {
  if (steps.length === 0) return <p className="text-sm text-slate-500">No step has run yet.</p>;
  return (
    <ol className="space-y-3">
      {steps.map((step, index) => {
        const handedOn = index === 0 ? runInput : steps[index - 1]!.output;
        const inputPreview =
          step.input === null ? null : (describeChanges(handedOn, step.input) ?? (index === 0 ? "the run's input" : "what the previous step handed on"));
        const outputPreview = step.output === null ? null : (describeChanges(step.input, step.output) ?? "unchanged input");
        return (
          <li key={step.sequence} className="rounded-lg border border-slate-200 bg-white p-3" data-testid="step-run">
            <div className="flex flex-wrap items-center gap-2 text-sm">
              <span className="text-slate-400">#{step.sequence}</span>
              <span className="font-medium">{step.stateName}</span>
              <span className="text-xs text-slate-500">{step.stateType}</span>
              <StatusBadge status={step.status} />
              {step.attempt > 1 ? <span className="rounded bg-amber-50 px-1.5 text-xs text-amber-800">retry · attempt {step.attempt}</span> : null}
              <span className="ml-auto text-xs text-slate-500" data-testid="step-duration">
                {new Date(step.startedAt).toLocaleTimeString()} · {formatDuration(step.durationMs)}
              </span>
            </div>
            <div className="mt-2 space-y-1">
              {step.error ? <ErrorBox error={step.error} /> : null}
              <JsonView label="input" value={step.input} preview={inputPreview} />
              <JsonView label="output" value={step.output} preview={outputPreview} />
              {Array.isArray(step.calls) && step.calls.length > 0 ? <HttpCalls calls={step.calls as Call[]} /> : null}
            </div>
          </li>
        );
      })}
    </ol>
  );
}
