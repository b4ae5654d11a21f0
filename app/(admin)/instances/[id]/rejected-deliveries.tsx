"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { FilterSelect } from "../../_components/filter-select";
import { ListFooter } from "../../_components/list-footer";
import { formatDate, inputClass, Spinner, StatusBadge } from "../../_components/ui";

type Endpoint = { id: string; flowKey: string | null; url: string; urlHidden: boolean };
const VERDICTS = ["rejected", "filtered", "duplicate", "dropped"] as const;

/** Each endpoint's URL and the deliveries that started nothing on it: why, the headers (secrets redacted) and the body. */
export function RejectedDeliveries({ instanceId, endpoints }: { instanceId: string; endpoints: Endpoint[] }) {
  const trpc = useTRPC();
  const [endpointId, setEndpointId] = useState(endpoints[0]!.id);
  const [verdict, setVerdict] = useState<(typeof VERDICTS)[number] | "">("");
  const list = useInfiniteQuery(
    trpc.instances.rejectedDeliveries.infiniteQueryOptions(
      { instanceId, endpointId, limit: 20, ...(verdict ? { verdict } : {}) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const endpoint = endpoints.find((e) => e.id === endpointId) ?? endpoints[0]!;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">Endpoint</span>
          <select className={inputClass} value={endpointId} onChange={(e) => setEndpointId(e.target.value)}>
            {endpoints.map((e) => (
              <option key={e.id} value={e.id}>
                {e.flowKey ?? "all flows (dispatching)"}
              </option>
            ))}
          </select>
        </label>
        <FilterSelect
          stacked
          label="Verdict"
          value={verdict}
          onChange={(v) => setVerdict(v as typeof verdict)}
          options={VERDICTS}
          anyLabel="any that started nothing"
        />
        <code
          className="min-w-0 flex-1 break-all rounded bg-slate-50 px-2 py-1 text-xs text-slate-600"
          title={endpoint.urlHidden ? "The URL the provider calls, its token hidden: owners and admins see it whole" : "The URL the provider calls"}
          data-testid="endpoint-url"
        >
          {endpoint.url}
        </code>
      </div>
      {endpoint.urlHidden ? (
        <p className="text-xs text-slate-500" data-testid="endpoint-url-hidden">
          The token in this URL is hidden: anyone who has it can send deliveries, so only owners and admins see it.
        </p>
      ) : null}
      <h3 className="text-sm font-semibold">Rejected deliveries</h3>
      {list.isPending ? <Spinner /> : null}
      {list.error ? (
        <p role="alert" className="text-sm text-red-700">
          {list.error.message}
        </p>
      ) : null}
      {!list.isPending && rows.length === 0 ? <p className="text-sm text-slate-500">Every delivery to this endpoint was accepted.</p> : null}
      {rows.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-md border border-slate-200" data-testid="rejected-deliveries">
          {rows.map((row) => (
            <li key={row.id} className="p-3 text-sm">
              <div className="flex flex-wrap items-center gap-2">
                <StatusBadge status={row.verdict === "rejected" ? "failed" : row.verdict} />
                <span className="font-medium">{row.reason ?? row.verdict}</span>
                <span className="ml-auto text-xs text-slate-500">
                  {row.method} · {formatDate(row.receivedAt)}
                </span>
              </div>
              <details className="mt-1">
                <summary className="cursor-pointer text-xs text-slate-600">headers and body ({row.bodyBytes} bytes)</summary>
                <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 font-mono text-xs">
                  {Object.entries(row.headers).map(([name, value]) => (
                    <div key={name} className="contents">
                      <dt className="text-slate-500">{name}</dt>
                      <dd className="break-all">{value}</dd>
                    </div>
                  ))}
                </dl>
                {row.body ? (
                  <pre className="mt-2 max-h-60 overflow-auto rounded bg-slate-50 p-2 text-xs">{row.body}</pre>
                ) : (
                  <p className="mt-2 text-xs text-slate-400">no body</p>
                )}
              </details>
            </li>
          ))}
        </ul>
      ) : null}
      <ListFooter
        shown={rows.length}
        hasMore={Boolean(list.hasNextPage)}
        pending={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
        noun={["delivery", "deliveries"]}
      />
    </div>
  );
}
