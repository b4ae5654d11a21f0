"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { formatDuration, formatTime } from "./format";

const STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

/** Runs of one instance or of all the customer's instances, newest first, with filters. */
export function ExecutionsList({ instanceId, flows }: { instanceId?: string; flows: { key: string; name: string }[] }) {
  const trpc = useTRPC();
  const { href } = useEmbed();
  const [status, setStatus] = useState<Status | "">("");
  const [flowKey, setFlowKey] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const filter = {
    instanceId,
    status: status || undefined,
    flowKey: flowKey || undefined,
    from: from ? new Date(`${from}T00:00:00`) : undefined,
    to: to ? new Date(`${to}T23:59:59.999`) : undefined,
    limit: 25,
  };
  const runs = useInfiniteQuery(
    trpc.embed.logs.list.infiniteQueryOptions(filter, { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 5000 }),
  );
  const items = runs.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-3">
      {/* biome-ignore lint/a11y/useSemanticElements: two filters side by side, not a form's fieldset; the group names them for screen readers. */}
      <div className="flex flex-wrap gap-2 text-sm" role="group" aria-label="Filter runs">
        <label className="flex flex-col gap-1">
          <span className="sy-muted text-xs">Status</span>
          <select className="sy-input" value={status} onChange={(e) => setStatus(e.target.value as Status | "")}>
            <option value="">Any status</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        {flows.length > 1 ? (
          <label className="flex flex-col gap-1">
            <span className="sy-muted text-xs">Flow</span>
            <select className="sy-input" value={flowKey} onChange={(e) => setFlowKey(e.target.value)}>
              <option value="">Any flow</option>
              {flows.map((flow) => (
                <option key={flow.key} value={flow.key}>
                  {flow.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <label className="flex flex-col gap-1">
          <span className="sy-muted text-xs">From</span>
          <input className="sy-input" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label className="flex flex-col gap-1">
          <span className="sy-muted text-xs">To</span>
          <input className="sy-input" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      {runs.isPending ? (
        <Spinner label="Loading runs…" />
      ) : runs.isError ? (
        <Alert>{errorMessage(runs.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="sy-muted text-sm" data-testid="executions-empty">
          No runs yet{status || flowKey || from || to ? " that match these filters" : ""}.
        </p>
      ) : (
        <div className="sy-card overflow-x-auto">
          <table className="w-full text-left text-sm" data-testid="executions-table">
            <thead className="sy-muted text-xs">
              <tr>
                <th className="p-2 font-medium">Status</th>
                {instanceId ? null : <th className="p-2 font-medium">Integration</th>}
                <th className="p-2 font-medium">What</th>
                <th className="p-2 font-medium">Started by</th>
                <th className="p-2 font-medium">Started</th>
                <th className="p-2 font-medium">Duration</th>
              </tr>
            </thead>
            <tbody>
              {items.map((run) => (
                <tr key={run.id} className="border-t border-[var(--sy-border)]">
                  <td className="p-2">
                    <Link
                      className="sy-link"
                      href={href("logs", { instanceId, executionId: run.id })}
                      aria-label={`Open the ${run.status} run of ${run.flowName} from ${formatTime(run.createdAt)}`}
                    >
                      <StatusBadge status={run.status} />
                    </Link>
                  </td>
                  {instanceId ? null : <td className="p-2">{run.integrationName}</td>}
                  <td className="p-2">{run.flowName}</td>
                  <td className="p-2">
                    {run.triggerSummary}
                    {run.isReplay ? <span className="sy-muted text-xs"> · replay</span> : null}
                  </td>
                  <td className="p-2 whitespace-nowrap">{formatTime(run.startedAt ?? run.createdAt)}</td>
                  <td className="p-2">{formatDuration(run.durationMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.hasNextPage ? (
        <button type="button" className="sy-btn" disabled={runs.isFetchingNextPage} onClick={() => runs.fetchNextPage()}>
          {runs.isFetchingNextPage ? "Loading…" : "Show older runs"}
        </button>
      ) : null}
    </div>
  );
}
