"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ExecutionDetail } from "../_logs/execution-detail";
import { ExecutionsList } from "../_logs/executions-list";
import { useEmbed } from "../_shell/embed-context";

/** Logs of one instance or of all the customer's instances; `executionId` opens one run. */
export function LogsView({ instanceId, executionId }: { instanceId?: string; executionId?: string }) {
  const trpc = useTRPC();
  const { href } = useEmbed();
  const instance = useQuery({ ...trpc.embed.instances.get.queryOptions({ instanceId: instanceId ?? "" }), enabled: Boolean(instanceId) });
  const flows = instance.data?.flows ?? [];
  return (
    <main className="space-y-4 p-4">
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {executionId ? (
          <Link className="sy-link" href={href("logs", { instanceId })}>
            ← All runs
          </Link>
        ) : null}
        {instanceId ? (
          <Link className="sy-link" href={href(`instances/${instanceId}`)}>
            {instance.data ? `${instance.data.integration.name} settings` : "Integration settings"}
          </Link>
        ) : null}
      </div>
      {executionId ? (
        <ExecutionDetail executionId={executionId} instanceId={instanceId} />
      ) : (
        <>
          <h1 className="text-lg font-semibold">{instance.data ? `Runs of ${instance.data.integration.name}` : "Integration runs"}</h1>
          <ExecutionsList instanceId={instanceId} flows={flows} />
        </>
      )}
    </main>
  );
}
