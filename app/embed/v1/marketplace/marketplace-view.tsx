"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useDeferredValue, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../_shell/embed-context";
import { useNeedsReconnectEvents } from "../_shell/use-needs-reconnect-event";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { IntegrationIcon } from "@/app/_components/sy/integration-icon";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";

export function MarketplaceView({ initialSearch, initialCategory }: { initialSearch: string; initialCategory: string }) {
  const trpc = useTRPC();
  const { href } = useEmbed();
  const [search, setSearch] = useState(initialSearch);
  const [category, setCategory] = useState(initialCategory);
  const deferredSearch = useDeferredValue(search);
  const list = useQuery({
    ...trpc.embed.marketplace.list.queryOptions({ search: deferredSearch || undefined, category: category || undefined }),
    placeholderData: (previous) => previous,
  });
  const categories = list.data?.categories ?? [];
  useNeedsReconnectEvents(
    (list.data?.items ?? []).flatMap((item) =>
      (item.instance?.needsReconnect ?? []).map((c) => ({ instanceId: item.instance!.id, integrationKey: item.key, connectionKey: c.key, connector: c.connector, reason: c.reason })),
    ),
  );

  return (
    <main className="space-y-4 p-4" aria-busy={list.isFetching}>
      <div className="flex flex-wrap items-end gap-3">
        <h1 className="mr-auto text-lg font-semibold">Integrations</h1>
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-sm sm:max-w-64">
          <span className="sy-muted">Search</span>
          <input className="sy-input" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Search integrations" />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="sy-muted">Category</span>
          <select className="sy-input" value={category} onChange={(e) => setCategory(e.target.value)}>
            <option value="">All categories</option>
            {[...new Set([...categories, ...(category ? [category] : [])])].map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>

      {list.isPending ? (
        <Spinner label="Loading integrations…" />
      ) : list.isError ? (
        <Alert>{errorMessage(list.error)}</Alert>
      ) : list.data.items.length === 0 ? (
        <p className="sy-muted py-8 text-center text-sm" data-testid="marketplace-empty">
          {search || category ? "No integration matches your search." : "No integrations are available yet."}
        </p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="marketplace-grid">
          {list.data.items.map((item) => (
            <li key={item.key}>
              <Link
                href={item.instance?.needsReconnect.length ? href(`instances/${item.instance.id}`) : href(`integrations/${encodeURIComponent(item.key)}`)}
                className="sy-card sy-tile h-full p-4"
                data-testid="integration-card"
              >
                <div className="flex items-start gap-3">
                  <IntegrationIcon icon={item.icon} name={item.name} />
                  <div className="min-w-0 flex-1">
                    <div className="flex flex-wrap items-center gap-2">
                      <h2 className="font-semibold">{item.name}</h2>
                      {item.instance && item.instance.status !== "configuring" ? <StatusBadge status={item.instance.status} testId="active-badge" /> : null}
                    </div>
                    {item.category ? <p className="sy-muted text-xs">{item.category}</p> : null}
                  </div>
                </div>
                {item.description ? <p className="sy-muted mt-3 line-clamp-3 text-sm">{item.description}</p> : null}
                {item.instance?.needsReconnect.length ? (
                  <p className="sy-prompt mt-3 text-sm" data-testid="card-reconnect">
                    <span className="sy-prompt-title font-semibold">Reconnect {item.instance.needsReconnect.map((c) => c.label).join(", ")}</span>
                    <span className="block">Runs are waiting until you do. Open to reconnect.</span>
                  </p>
                ) : null}
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
