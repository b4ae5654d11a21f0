"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ExecutionsTable } from "../../executions/_components/executions-table";
import { Card, ErrorNote, Spinner } from "../../_components/ui";

/** The instance's latest runs, what support looks at first; the executions list has the rest. */
export function RecentRuns({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const runs = useQuery({ ...trpc.executions.supportList.queryOptions({ instanceId, limit: 10 }), refetchInterval: 5000 });
  return (
    <Card
      title="Recent runs"
      actions={
        <Link href={`/executions?instanceId=${instanceId}`} className="text-xs text-brand-700 hover:underline">
          All runs of this instance
        </Link>
      }
    >
      <ErrorNote error={runs.error} />
      {runs.isPending ? <Spinner /> : null}
      {runs.data && runs.data.data.length === 0 ? <p className="text-sm text-slate-500">No runs yet.</p> : null}
      {runs.data && runs.data.data.length > 0 ? <ExecutionsTable rows={runs.data.data} showCustomer={false} /> : null}
    </Card>
  );
}
