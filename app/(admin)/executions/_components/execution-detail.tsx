"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { FlowGraph } from "@/app/_components/flow-graph/flow-graph";
import { formatDuration } from "@/server/text/duration";
import { shortId } from "@/server/text/short-id";
import { ErrorBox, JsonView } from "../../_components/json-view";
import { ConsoleSyTheme } from "../../_components/sy-theme";
import { Button, Card, ErrorNote, formatDate, inputClass, LoadError, Spinner, StatusBadge } from "../../_components/ui";
import { RawEvent } from "./raw-event";
import { StepRuns } from "./step-runs";

const OPEN = ["queued", "running", "waiting"];

export function ExecutionDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [from, setFrom] = useState<"start" | "failed-state">("start");
  const [version, setVersion] = useState<"same" | "latest">("same");
  const execution = useQuery({
    ...trpc.executions.get.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && OPEN.includes(query.state.data.status) ? 2000 : false),
  });
  const graph = useQuery({
    ...trpc.executions.graph.queryOptions({ id }),
    refetchInterval: () => (execution.data && OPEN.includes(execution.data.status) ? 2000 : false),
  });
  const cancel = useMutation(
    trpc.executions.cancel.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.executions.pathKey() }) }),
  );
  const replay = useMutation(trpc.executions.replay.mutationOptions({ onSuccess: (r) => router.push(`/executions/${r.id}`) }));

  if (execution.isPending) return <Spinner />;
  if (!execution.data) return <LoadError error={execution.error} />;
  const e = execution.data;
  const duration = e.startedAt && e.finishedAt ? new Date(e.finishedAt).getTime() - new Date(e.startedAt).getTime() : null;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            {e.integration.name} · {e.flowKey} <StatusBadge status={e.status} />
          </h1>
          <p className="text-sm text-slate-500">
            <code title={e.id}>{shortId(e.id)}</code> · {e.trigger} · v{e.version} ·{" "}
            <Link href={`/customers/${e.customer.id}`} className="text-brand-700 hover:underline">
              {e.customer.name}
            </Link>{" "}
            ·{" "}
            <Link href={`/instances/${e.instanceId}`} className="text-brand-700 hover:underline">
              instance
            </Link>{" "}
            · created {formatDate(e.createdAt)} · finished {formatDate(e.finishedAt)} · took{" "}
            <span data-testid="execution-duration">{formatDuration(duration)}</span>
            {e.replayOfId ? (
              <>
                {" "}
                · replay of{" "}
                <Link href={`/executions/${e.replayOfId}`} className="text-brand-700 hover:underline">
                  {shortId(e.replayOfId)}
                </Link>
              </>
            ) : null}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {OPEN.includes(e.status) ? (
            <Button variant="danger" pending={cancel.isPending} onClick={() => cancel.mutate({ id })}>
              Cancel
            </Button>
          ) : null}
          <select aria-label="Replay from" className={inputClass} value={from} onChange={(ev) => setFrom(ev.target.value as typeof from)}>
            <option value="start">from the start</option>
            {e.status === "failed" ? <option value="failed-state">from the failed state</option> : null}
          </select>
          <select aria-label="Replay on version" className={inputClass} value={version} onChange={(ev) => setVersion(ev.target.value as typeof version)}>
            <option value="same">on v{e.version}</option>
            <option value="latest">on the latest published version</option>
          </select>
          <Button variant="primary" pending={replay.isPending} onClick={() => replay.mutate({ id, from, version })}>
            Replay
          </Button>
        </div>
      </div>
      <ErrorNote error={cancel.error ?? replay.error} />
      {e.waitingFor ? (
        <p role="status" data-testid="execution-waiting-for" className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {e.waitingFor}
        </p>
      ) : null}
      {e.error ? <ErrorBox error={e.error} /> : null}
      {graph.data ? (
        <Card title="Flow">
          <ConsoleSyTheme>
            <FlowGraph graph={graph.data} />
          </ConsoleSyTheme>
        </Card>
      ) : null}
      <Card title="Execution">
        <div className="space-y-1">
          <JsonView label="input" value={e.input} />
          <JsonView label="output" value={e.output} open={e.status === "succeeded"} />
        </div>
        {e.replays.length > 0 ? (
          <p className="mt-3 text-sm text-slate-600">
            Replays:{" "}
            {e.replays.map((r) => (
              <Link key={r.id} href={`/executions/${r.id}`} className="mr-2 text-brand-700 hover:underline">
                {shortId(r.id)} ({r.status})
              </Link>
            ))}
          </p>
        ) : null}
      </Card>
      <RawEvent executionId={id} />
      <section>
        <h2 className="mb-2 text-sm font-semibold">Steps {execution.isFetching ? <Spinner label="refreshing" /> : null}</h2>
        <StepRuns steps={e.steps} runInput={e.input} />
      </section>
    </div>
  );
}
