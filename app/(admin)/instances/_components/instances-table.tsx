"use client";

import { useInfiniteQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ErrorNote, formatDate, Spinner, StatusBadge } from "../../_components/ui";
import { ListFooter } from "../../_components/list-footer";

type Filter = { status?: "configuring" | "deploying" | "active" | "paused" | "failed" | "removing" | "removed"; integrationId?: string; customerId?: string };

/** Instances with their status and, when failed, why; used by the instances page and a customer's page. */
export function InstancesTable({ filter }: { filter: Filter }) {
  const trpc = useTRPC();
  const list = useInfiniteQuery(trpc.instances.list.infiniteQueryOptions({ limit: 25, ...filter }, { getNextPageParam: (page) => page.nextCursor }));
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  return (
    <div>
      <ErrorNote error={list.error} />
      {list.isPending ? <Spinner /> : null}
      {!list.isPending && rows.length === 0 ? <p className="text-sm text-slate-500">No instances match.</p> : null}
      {rows.length > 0 ? (
        <table className="w-full rounded-lg border border-slate-200 bg-white text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="px-3 py-2">Customer</th>
              <th>Integration</th>
              <th>Status</th>
              <th>Deployed</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {rows.map((i) => (
              <tr key={i.id}>
                <td className="px-3 py-2">
                  <Link href={`/customers/${i.customer.id}`} className="text-brand-700 hover:underline">
                    {i.customer.name}
                  </Link>{" "}
                  <code className="text-xs text-slate-500">{i.customer.externalId}</code>
                </td>
                <td>
                  <Link href={`/integrations/${i.integration.id}`} className="hover:underline">
                    {i.integration.name}
                  </Link>{" "}
                  <span className="text-xs text-slate-500">v{i.version}</span>
                </td>
                <td>
                  <StatusBadge status={i.status} />
                  {i.statusReason ? <p className="mt-1 max-w-md text-xs text-red-700">{i.statusReason}</p> : null}
                </td>
                <td className="text-slate-600">{formatDate(i.deployedAt)}</td>
                <td className="space-x-3 pr-3 text-right">
                  <Link
                    href={`/instances/${i.id}`}
                    className="text-xs text-brand-700 hover:underline"
                    aria-label={`Open the ${i.integration.name} instance of ${i.customer.name}`}
                  >
                    Open
                  </Link>
                  <Link href={`/executions?instanceId=${i.id}`} className="text-xs text-brand-700 hover:underline">
                    Executions
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <ListFooter
        shown={rows.length}
        hasMore={Boolean(list.hasNextPage)}
        pending={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
        noun={["instance", "instances"]}
      />
    </div>
  );
}
