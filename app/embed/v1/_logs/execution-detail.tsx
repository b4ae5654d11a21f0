"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { FlowGraph } from "@/app/_components/flow-graph/flow-graph";
import { formatDuration, formatTime, triggerLabel } from "./format";
import { JsonBlock } from "./json-block";
import { StepItem } from "./step-item";

export function ExecutionDetail({ executionId, instanceId }: { executionId: string; instanceId?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const { href } = useEmbed();
  const detail = useQuery({
    ...trpc.embed.logs.detail.queryOptions({ executionId }),
    refetchInterval: (query) => (["queued", "running", "waiting"].includes(query.state.data?.status ?? "") ? 2000 : false),
  });
  const replay = useMutation(
    trpc.embed.logs.replay.mutationOptions({
      onSuccess: async (result) => {
        await queryClient.invalidateQueries({ queryKey: trpc.embed.logs.pathKey() });
        router.push(href("logs", { instanceId, executionId: result.executionId }));
      },
    }),
  );
  if (detail.isPending) return <Spinner label="Loading the run…" />;
  if (detail.isError) return <Alert>{errorMessage(detail.error)}</Alert>;
  const run = detail.data;
  const duration = run.startedAt && run.finishedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;

  return (
    <article className="space-y-4" data-testid="execution-detail">
      <header className="flex flex-wrap items-center gap-2">
        <h2 className="text-base font-semibold">
          {run.integrationName} · {run.flowName}
        </h2>
        <StatusBadge status={run.status} />
        <span className="flex-1" />
        {run.status === "failed" ? (
          <button type="button" className="sy-btn sy-btn-primary" disabled={replay.isPending} onClick={() => replay.mutate({ executionId: run.id, from: "start" })}>
            {replay.isPending ? "Replaying…" : "Replay"}
          </button>
        ) : null}
      </header>
      <p className="sy-muted text-xs">
        {triggerLabel[run.trigger] ?? run.trigger} · started {formatTime(run.startedAt ?? run.createdAt)} · {formatDuration(duration)}
        {run.version ? ` · version ${run.version}` : ""}
        {run.replayOfId ? " · replay of an earlier run" : ""}
      </p>
      {replay.isError ? <Alert>{errorMessage(replay.error)}</Alert> : null}
      {run.error ? <Alert testId="execution-error">{run.error}</Alert> : null}
      {run.graph ? (
        <FlowGraph graph={run.graph} />
      ) : null}
      <JsonBlock label="Trigger input" value={run.input} />
      <JsonBlock label="Result" value={run.output} />
      <section>
        <h3 className="mb-2 text-sm font-semibold">Steps</h3>
        {run.steps.length ? (
          <ol className="space-y-2">
            {run.steps.map((step) => (
              <StepItem key={step.sequence} step={step} />
            ))}
          </ol>
        ) : (
          <p className="sy-muted text-sm">No step has run yet.</p>
        )}
      </section>
    </article>
  );
}
