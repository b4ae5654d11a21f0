"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { FlowGraph } from "@/app/_components/flow-graph/flow-graph";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { IntegrationIcon } from "@/app/_components/sy/integration-icon";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { formatDuration, formatTime } from "./format";
import { JsonBlock } from "./json-block";
import { StepItem } from "./step-item";

/**
 * One run as the customer reads it: the flow's name, what started it, what it did and how it
 * ended; a failure in a plain sentence with the recorded error folded away. The flow graph and each
 * step's data appear only where the vendor shows steps; Replay only where the vendor allows it.
 */
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
        {run.canReplay ? (
          <button
            type="button"
            className="sy-btn sy-btn-primary"
            disabled={replay.isPending}
            onClick={() => replay.mutate({ executionId: run.id, from: "start" })}
          >
            {replay.isPending ? "Replaying…" : "Replay"}
          </button>
        ) : null}
      </header>
      {run.flowDescription ? <p className="sy-muted text-sm">{run.flowDescription}</p> : null}
      <p className="sy-muted text-xs">
        Started by {run.triggerSummary} · {formatTime(run.startedAt ?? run.createdAt)} · took {formatDuration(duration)}
        {run.version ? ` · version ${run.version}` : ""}
        {run.replayOfId ? " · replay of an earlier run" : ""}
      </p>
      {run.waitingFor ? (
        <p role="status" className="sy-muted text-sm" data-testid="execution-waiting-for">
          {run.waitingFor}
        </p>
      ) : null}
      {replay.isError ? <Alert>{errorMessage(replay.error)}</Alert> : null}
      {run.failure ? (
        <div className="sy-alert space-y-2" role="alert" data-testid="execution-failure">
          <p className="font-medium break-words">{run.failure.summary}</p>
          {run.failure.detail ? (
            <details className="text-xs">
              <summary className="cursor-pointer select-none">Technical detail</summary>
              <p className="sy-pre mt-1" data-testid="execution-error">
                {run.failure.detail}
              </p>
            </details>
          ) : null}
          {run.status === "failed" && !run.canReplay ? (
            <p className="sy-muted text-xs">If it should run again, contact support with the time of this run.</p>
          ) : null}
        </div>
      ) : (
        <p className="text-sm" data-testid="execution-outcome">
          {run.outcome}
        </p>
      )}
      {run.actions.length ? (
        <section>
          <h3 className="mb-2 text-sm font-semibold">What it did</h3>
          <ol className="space-y-1.5" data-testid="execution-actions">
            {run.actions.map((action, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <li key={index} className="flex items-center gap-2 text-sm">
                <IntegrationIcon icon={action.icon} name={action.app ?? action.label} size="small" />
                <span className="min-w-0 flex-1 break-words first-letter:uppercase">{action.label}</span>
                <StatusBadge status={action.status} />
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {run.graph ? <FlowGraph graph={run.graph} /> : null}
      {run.showSteps ? (
        <>
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
        </>
      ) : null}
    </article>
  );
}
