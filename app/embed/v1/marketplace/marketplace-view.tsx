"use client";

import { useQuery } from "@tanstack/react-query";
import { useDeferredValue, useState } from "react";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../_shell/embed-context";
import { useNeedsReconnectEvents } from "../_shell/use-needs-reconnect-event";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { IntegrationCard } from "@/app/_components/sy/integration-card";
import { Spinner } from "@/app/_components/sy/spinner";

type MarketplacePage = inferRouterOutputs<AppRouter>["embed"]["marketplace"]["list"];

/**
 * The catalogue. `preview` is the organization's listing the server drew before the session
 * existed; the session's exchange brings the same page with this customer's instances (their
 * Active badges), and later filters query it.
 */
export function MarketplaceView({ initialSearch, initialCategory, preview }: { initialSearch: string; initialCategory: string; preview: MarketplacePage | null }) {
  const trpc = useTRPC();
  const { href, signedIn } = useEmbed();
  const [search, setSearch] = useState(initialSearch);
  const [category, setCategory] = useState(initialCategory);
  const deferredSearch = useDeferredValue(search);
  const filter = { search: deferredSearch || undefined, category: category || undefined };
  const initial = deferredSearch === initialSearch && category === initialCategory;
  const list = useQuery({
    ...trpc.embed.marketplace.list.queryOptions(filter),
    // The preview stands until the session's exchange puts this customer's page in the cache.
    enabled: signedIn || !(initial && preview),
    placeholderData: (previous) => previous ?? (initial ? (preview ?? undefined) : undefined),
  });
  const page = list.data ?? (initial ? preview : null);
  const categories = page?.categories ?? [];
  useNeedsReconnectEvents(
    (page?.items ?? []).flatMap((item) =>
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

      {!page && list.isPending ? (
        <Spinner label="Loading integrations…" />
      ) : list.isError ? (
        <Alert>{errorMessage(list.error)}</Alert>
      ) : !page ? null : page.items.length === 0 ? (
        <p className="sy-muted py-8 text-center text-sm" data-testid="marketplace-empty">
          {search || category ? "No integration matches your search." : "No integrations are available yet."}
        </p>
      ) : (
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" data-testid="marketplace-grid">
          {page.items.map((item) => (
            <li key={item.key}>
              <IntegrationCard
                card={{ ...item, instanceStatus: item.instance?.status ?? null }}
                href={item.instance?.needsReconnect.length ? href(`instances/${item.instance.id}`) : href(`integrations/${encodeURIComponent(item.key)}`)}
                notice={
                  item.instance?.needsReconnect.length ? (
                    <p className="sy-prompt mt-3 text-sm" data-testid="card-reconnect">
                      <span className="sy-prompt-title font-semibold">Reconnect {item.instance.needsReconnect.map((c) => c.label).join(", ")}</span>
                      <span className="block">Runs are waiting until you do. Open to reconnect.</span>
                    </p>
                  ) : null
                }
              />
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
