"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Card, formatDate, Spinner } from "../../_components/ui";

function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The delivery that started the run, exactly as it arrived: method, headers (secrets redacted), query and body. */
export function RawEvent({ executionId }: { executionId: string }) {
  const trpc = useTRPC();
  const event = useQuery(trpc.executions.event.queryOptions({ id: executionId }));
  return (
    <Card title="Triggering event">
      {event.isPending ? <Spinner /> : null}
      {event.error ? (
        <p role="alert" className="text-sm text-red-700">
          {event.error.message}
        </p>
      ) : null}
      {event.data === null ? (
        <p className="text-sm text-slate-500">No delivery started this run (it was started by hand, a schedule, the instance's lifecycle or another flow).</p>
      ) : null}
      {event.data ? (
        <div className="space-y-3 text-sm" data-testid="raw-event">
          <p className="text-slate-600">
            <span className="font-mono font-semibold">{event.data.method}</span> on the {event.data.flowKey ?? "instance"} endpoint · {event.data.source}
            {event.data.eventType ? ` · ${event.data.eventType}` : ""} · received {formatDate(event.data.receivedAt)} · {event.data.verdict}
            {event.data.dedupeKey ? (
              <>
                {" "}
                · dedupe key <code className="text-xs">{event.data.dedupeKey}</code>
              </>
            ) : null}
          </p>
          <div>
            <p className="mb-1 text-xs font-semibold uppercase text-slate-500">Headers</p>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-3 rounded border border-slate-200 bg-slate-50 p-2 font-mono text-xs">
              {Object.entries(event.data.headers).map(([name, value]) => (
                <div key={name} className="contents">
                  <dt className="text-slate-500">{name}</dt>
                  <dd className="break-all">{value}</dd>
                </div>
              ))}
            </dl>
          </div>
          {event.data.query && Object.keys(event.data.query).length > 0 ? (
            <div>
              <p className="mb-1 text-xs font-semibold uppercase text-slate-500">Query</p>
              <pre className="rounded border border-slate-200 bg-slate-50 p-2 text-xs">{JSON.stringify(event.data.query, null, 2)}</pre>
            </div>
          ) : null}
          <div>
            <p className="mb-1 text-xs font-semibold uppercase text-slate-500">
              Body ({event.data.bodyBytes} bytes{event.data.bodyTruncated ? ", cut" : ""}
              {event.data.bodyStoredAsFile ? "; kept as a file, the flow got a reference to it" : ""})
            </p>
            {event.data.body ? (
              <pre className="max-h-96 overflow-auto rounded border border-slate-200 bg-slate-50 p-2 text-xs">{prettyBody(event.data.body)}</pre>
            ) : (
              <p className="text-xs text-slate-400">empty</p>
            )}
          </div>
        </div>
      ) : null}
    </Card>
  );
}
