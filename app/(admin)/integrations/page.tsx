"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../_components/role";
import { ErrorNote, formatDate, PageHeader, Spinner, StatusBadge } from "../_components/ui";
import { ListFooter } from "../_components/list-footer";
import { countOf } from "@/server/text/plural";

export default function IntegrationsPage() {
  const trpc = useTRPC();
  const { canEdit } = usePermissions();
  const list = useInfiniteQuery(trpc.integrations.list.infiniteQueryOptions({ limit: 25 }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div>
      <PageHeader
        title="Integrations"
        description="Versioned manifests your customers activate from the marketplace."
        actions={
          canEdit ? (
            <Link
              href="/integrations/new"
              className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-500"
            >
              New integration
            </Link>
          ) : null
        }
      />
      <ErrorNote error={list.error} />
      {list.isPending ? <Spinner /> : null}
      {!list.isPending && rows.length === 0 ? <p className="text-sm text-slate-500">No integrations yet.</p> : null}
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
        {rows.map((i) => (
          <li key={i.id}>
            <Link
              href={`/integrations/${i.id}`}
              className="flex items-center justify-between gap-4 px-4 py-3 hover:bg-slate-50 focus:bg-slate-50 focus:outline-none"
            >
              <span>
                <span className="font-medium">{i.name}</span> <code className="text-xs text-slate-500">{i.key}</code>
                <span className="block text-xs text-slate-500">{i.description || "No description"}</span>
              </span>
              <span className="flex items-center gap-2 text-xs text-slate-500">
                {i.listed ? <StatusBadge status="listed" /> : null}
                {i.latestVersion ? (
                  <>
                    v{i.latestVersion.version} <StatusBadge status={i.latestVersion.status} />
                  </>
                ) : null}
                <span>{countOf(i.instanceCount, "instance")}</span>
                <span>updated {formatDate(i.updatedAt)}</span>
              </span>
            </Link>
          </li>
        ))}
      </ul>
      <ListFooter
        shown={rows.length}
        hasMore={Boolean(list.hasNextPage)}
        pending={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
        noun={["integration", "integrations"]}
      />
    </div>
  );
}
