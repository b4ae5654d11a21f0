"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Button, ErrorNote, formatDate, PageHeader, Spinner } from "../_components/ui";
import { IncidentStatus } from "./incident-status";

const TABS = [
  { key: "open", label: "Open" },
  { key: "resolved", label: "Past" },
  { key: "all", label: "All" },
] as const;

type Tab = (typeof TABS)[number]["key"];

export function IncidentsList() {
  const trpc = useTRPC();
  const [tab, setTab] = useState<Tab>("open");
  const list = useInfiniteQuery(
    trpc.incidents.list.infiniteQueryOptions(
      { status: tab === "all" ? undefined : tab, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor ?? undefined, refetchInterval: 30_000 },
    ),
  );
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const openCount = list.data?.pages[0]?.openCount;

  return (
    <div>
      <PageHeader
        title="Incidents"
        description="Opened by alert rules while their condition holds, resolved when it stops."
        actions={
          <Link href="/alerts" className="text-sm font-medium text-brand-700 hover:underline">
            Alert rules →
          </Link>
        }
      />
      <div role="tablist" aria-label="Incidents" className="mb-4 flex gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <button
            key={t.key}
            role="tab"
            type="button"
            aria-selected={tab === t.key}
            onClick={() => setTab(t.key)}
            className={`-mb-px border-b-2 px-3 py-2 text-sm font-medium ${tab === t.key ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900"}`}
          >
            {t.label}
            {t.key === "open" && openCount !== undefined ? <span className="ml-1.5 rounded-full bg-slate-100 px-1.5 text-xs">{openCount}</span> : null}
          </button>
        ))}
      </div>
      <ErrorNote error={list.error} />
      {list.isPending ? <Spinner /> : null}
      {list.data && items.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-300 p-8 text-center text-sm text-slate-500" data-testid="incidents-empty">
          {tab === "open" ? "No open incidents. All is well." : "No incidents yet."}
        </p>
      ) : null}
      {items.length > 0 ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="incidents">
          {items.map((incident) => (
            <li key={incident.id}>
              <Link href={`/incidents/${incident.id}`} className="flex flex-wrap items-start gap-3 px-4 py-3 hover:bg-slate-50">
                <IncidentStatus incident={incident} />
                <span className="min-w-0 flex-1">
                  <span className="block font-medium">{incident.title}</span>
                  <span className="block truncate text-sm text-slate-600">{incident.summary}</span>
                  <span className="block text-xs text-slate-500">Rule “{incident.ruleName}”</span>
                </span>
                <span className="text-right text-xs text-slate-500">
                  Opened {formatDate(incident.openedAt.toISOString())}
                  <br />
                  {incident.resolvedAt
                    ? `Resolved ${formatDate(incident.resolvedAt.toISOString())}`
                    : `Last seen ${formatDate(incident.lastSeenAt.toISOString())}`}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
      {list.hasNextPage ? (
        <div className="mt-3">
          <Button pending={list.isFetchingNextPage} onClick={() => list.fetchNextPage()}>
            Show more
          </Button>
        </div>
      ) : null}
    </div>
  );
}
