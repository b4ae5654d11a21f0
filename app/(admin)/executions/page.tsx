"use client";

import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { shortId } from "@/server/text/short-id";
import { Button, ErrorNote, PageHeader, Spinner } from "../_components/ui";
import { ListFooter } from "../_components/list-footer";
import { ExecutionFilters, type ExecutionFilterValues } from "./_components/execution-filters";
import { ExecutionsTable } from "./_components/executions-table";

const FILTER_KEYS = ["status", "integrationId", "customerId", "instanceId", "flowKey", "from", "to", "q"] as const;

function ExecutionsView() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) ?? undefined]).filter(([, v]) => v)) as ExecutionFilterValues;
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const list = useInfiniteQuery(
    trpc.executions.supportList.infiniteQueryOptions({ limit: 50, ...(filters as object) }, { getNextPageParam: (p) => p.nextCursor }),
  );
  const rows = list.data?.pages.flatMap((p) => p.data) ?? [];
  const failedIds = rows.filter((r) => r.status === "failed").map((r) => r.id);
  const bulk = useMutation(
    trpc.executions.bulkReplay.mutationOptions({
      onSuccess: () => (setSelected(new Set()), queryClient.invalidateQueries({ queryKey: trpc.executions.pathKey() })),
    }),
  );
  const toggle = (id: string) => setSelected((s) => (s.has(id) ? new Set([...s].filter((x) => x !== id)) : new Set([...s, id])));
  const apply = (next: ExecutionFilterValues) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v) as [string, string][]);
    router.replace(`${pathname}?${query}`);
  };

  return (
    <div>
      <PageHeader
        title="Executions"
        description="Search every run; text search looks inside inputs, outputs and errors."
        actions={
          <>
            <Button disabled={failedIds.length === 0} onClick={() => setSelected(new Set(failedIds))}>
              Select failed ({failedIds.length})
            </Button>
            <Button variant="primary" disabled={selected.size === 0} pending={bulk.isPending} onClick={() => bulk.mutate({ executionIds: [...selected] })}>
              Replay selected ({selected.size})
            </Button>
          </>
        }
      />
      <ExecutionFilters key={params.toString()} value={filters} onApply={apply} />
      <ErrorNote error={list.error ?? bulk.error} />
      {bulk.data ? (
        <p role="status" className="mb-3 text-sm text-slate-700">
          Replayed {bulk.data.filter((r) => r.replayId).length} of {bulk.data.length}.
          {bulk.data
            .filter((r) => r.error)
            .map((r) => ` ${shortId(r.executionId)}: ${r.error}`)
            .join(" ")}
        </p>
      ) : null}
      {list.isPending ? <Spinner /> : null}
      {!list.isPending && rows.length === 0 ? <p className="text-sm text-slate-500">No executions match.</p> : null}
      {rows.length > 0 ? <ExecutionsTable rows={rows} selected={selected} onToggle={toggle} /> : null}
      <ListFooter
        shown={rows.length}
        hasMore={Boolean(list.hasNextPage)}
        pending={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
        noun={["execution", "executions"]}
      />
    </div>
  );
}

export default function ExecutionsPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <ExecutionsView />
    </Suspense>
  );
}
