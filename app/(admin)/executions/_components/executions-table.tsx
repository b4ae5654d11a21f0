"use client";

import type { inferRouterOutputs } from "@trpc/server";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { formatDuration } from "@/server/text/duration";
import { shortId } from "@/server/text/short-id";
import { formatDate, StatusBadge } from "../../_components/ui";
import { RunPath } from "./run-path";

type Row = inferRouterOutputs<AppRouter>["executions"]["supportList"]["data"][number];

/**
 * Runs for support: a short id that tells runs apart, what started each one, what it did, how long
 * it took, and its customer. Keyboard: ↑/↓ (or j/k) move between runs, Enter opens one, x selects
 * a failed one for replay.
 */
export function ExecutionsTable({
  rows,
  selected,
  onToggle,
  showCustomer = true,
}: {
  rows: Row[];
  selected?: Set<string>;
  onToggle?: (id: string) => void;
  showCustomer?: boolean;
}) {
  const router = useRouter();
  const body = useRef<HTMLTableSectionElement>(null);
  const focusRow = (index: number) => body.current?.querySelectorAll<HTMLTableRowElement>("tr[data-row]")[index]?.focus();

  const onKeyDown = (event: React.KeyboardEvent<HTMLTableRowElement>, index: number, row: Row) => {
    if (event.target !== event.currentTarget) return; // keys typed into the checkbox or a link act on those
    const moves: Record<string, number> = { ArrowDown: index + 1, j: index + 1, ArrowUp: index - 1, k: index - 1, Home: 0, End: rows.length - 1 };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(Math.max(0, Math.min(rows.length - 1, moves[event.key]!)));
    } else if (event.key === "Enter" || event.key === "o") {
      event.preventDefault();
      router.push(`/executions/${row.id}`);
    } else if ((event.key === "x" || event.key === " ") && row.status === "failed" && onToggle) {
      event.preventDefault();
      onToggle(row.id);
    }
  };

  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
      <p className="border-b border-slate-100 px-3 py-1.5 text-xs text-slate-500" id="executions-keys">
        Keyboard: ↑ ↓ or j k move between runs, Enter opens one{onToggle ? ", x selects a failed run for replay" : ""}.
      </p>
      <table className="w-full text-left text-sm" data-testid="executions-table" aria-describedby="executions-keys">
        <thead className="text-xs uppercase text-slate-500">
          <tr>
            {onToggle ? <th className="w-8 px-3 py-2" /> : null}
            <th className={`py-2 pr-3 ${onToggle ? "" : "pl-3"}`}>Run</th>
            <th className="pr-3">Status</th>
            <th className="pr-3">Integration · flow</th>
            <th className="pr-3">Started by</th>
            <th className="pr-3">What it did</th>
            {showCustomer ? <th className="pr-3">Customer</th> : null}
            <th className="pr-3">Started</th>
            <th className="pr-3 text-right">Duration</th>
          </tr>
        </thead>
        <tbody ref={body} className="divide-y divide-slate-100">
          {rows.map((e, index) => (
            <tr
              key={e.id}
              data-row
              data-testid="execution-row"
              tabIndex={index === 0 ? 0 : -1}
              aria-label={`${e.status} run ${shortId(e.id)} of ${e.flowKey}, ${e.triggerSummary}, ${formatDate(e.createdAt)}`}
              className="cursor-pointer align-top outline-none hover:bg-slate-50 focus:bg-brand-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-brand-500"
              onKeyDown={(event) => onKeyDown(event, index, e)}
              onFocus={(event) => {
                // Roving tab stop: the focused row is the one Tab comes back to.
                for (const row of body.current?.querySelectorAll<HTMLTableRowElement>("tr[data-row]") ?? [])
                  row.tabIndex = row === event.currentTarget ? 0 : -1;
              }}
              onClick={(event) => {
                if ((event.target as HTMLElement).closest("a, input, button")) return;
                router.push(`/executions/${e.id}`);
              }}
            >
              {onToggle ? (
                <td className="px-3 py-2">
                  {e.status === "failed" ? (
                    <input
                      type="checkbox"
                      tabIndex={-1}
                      aria-label={`Select ${shortId(e.id)}`}
                      checked={selected?.has(e.id) ?? false}
                      onChange={() => onToggle(e.id)}
                    />
                  ) : null}
                </td>
              ) : null}
              <td className={`whitespace-nowrap py-2 pr-3 ${onToggle ? "" : "pl-3"}`}>
                <Link href={`/executions/${e.id}`} tabIndex={-1} className="font-mono text-xs text-brand-700 hover:underline" title={e.id}>
                  {shortId(e.id)}
                </Link>
                {e.replayOfId ? <span className="ml-1 rounded bg-slate-100 px-1 text-[10px] text-slate-600">replay</span> : null}
              </td>
              <td className="py-2 pr-3">
                <StatusBadge status={e.status} />
              </td>
              <td className="py-2 pr-3">
                {e.integration.name} <span className="text-slate-500">· {e.flowKey}</span> <span className="text-xs text-slate-400">v{e.version}</span>
              </td>
              <td className="py-2 pr-3">
                <span className="text-slate-800" data-testid="trigger-summary">
                  {e.triggerSummary}
                </span>
                <span className="block text-xs text-slate-400">{e.trigger}</span>
              </td>
              <td className="max-w-xs py-2 pr-3">
                <RunPath run={e.run} />
              </td>
              {showCustomer ? (
                <td className="py-2 pr-3">
                  <Link href={`/customers/${e.customer.id}`} tabIndex={-1} className="text-brand-700 hover:underline">
                    {e.customer.name}
                  </Link>
                </td>
              ) : null}
              <td className="whitespace-nowrap py-2 pr-3 text-slate-600">{formatDate(e.createdAt)}</td>
              <td className="whitespace-nowrap py-2 pr-3 text-right tabular-nums text-slate-600" data-testid="duration">
                {formatDuration(e.durationMs)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
