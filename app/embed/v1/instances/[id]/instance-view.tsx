"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useEffect, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../../_shell/embed-context";
import { ExecutionsList } from "../../_logs/executions-list";
import { formatTime } from "../../_logs/format";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage, removedSinceLastSeen } from "@/app/_components/sy/errors";
import { IntegrationIcon } from "@/app/_components/sy/integration-icon";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { ConnectionField } from "@/app/_components/wizard/connection-field";
import { IncomingEvents } from "./incoming-events";
import { InstanceActions } from "./instance-actions";
import { ReconnectPrompt } from "./reconnect-prompt";
import { ReconfigureForm } from "./reconfigure-form";
import { UpgradePanel } from "./upgrade-panel";

/** "Version 2 · active since <the upgrade>", and when it was first activated if that was earlier. */
function versionLine(data: { version: number; deployedAt: Date | null; versionActivatedAt: Date | null }): string {
  const since = data.versionActivatedAt ?? data.deployedAt;
  if (!since) return `Version ${data.version}`;
  const first = data.deployedAt && since.getTime() - data.deployedAt.getTime() > 1000 ? ` · first activated ${formatTime(data.deployedAt)}` : "";
  return `Version ${data.version} · active since ${formatTime(since)}${first}`;
}

export function InstanceView({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const { href, emit } = useEmbed();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const instance = useQuery({
    ...trpc.embed.instances.get.queryOptions({ instanceId }),
    // Also while deploy flows run again after a change: the instance turns failed if one fails.
    refetchInterval: (query) => {
      const data = query.state.data;
      const settling =
        ["deploying", "removing"].includes(data?.status ?? "") || data?.lifecycle.some((run) => run.status === "queued" || run.status === "running");
      return settling ? 1500 : false;
    },
  });
  const removedKey = removedSinceLastSeen(instance) ? instance.data!.integration.key : null;
  useEffect(() => {
    if (!removedKey) return;
    emit("instance.removed", { instanceId, integrationKey: removedKey });
    void queryClient.invalidateQueries({ queryKey: trpc.embed.pathKey() });
    window.location.assign(href("marketplace")); // a page of its own, not a React route
  }, [removedKey, instanceId, emit, queryClient, trpc, href]);

  if (instance.isPending)
    return (
      <main className="p-4">
        <Spinner label="Loading…" />
      </main>
    );
  if (removedKey)
    return (
      <main className="p-4">
        <Spinner label="Removed. Back to all integrations…" />
      </main>
    );
  if (instance.isError)
    return (
      <main className="space-y-3 p-4">
        <a className="sy-link text-sm" href={href("marketplace")}>
          ← All integrations
        </a>
        <Alert>{errorMessage(instance.error)}</Alert>
      </main>
    );
  const data = instance.data;
  const draft = data.status === "configuring";
  const needsReconnect = draft ? [] : data.connections.filter((connection) => connection.connection?.status === "broken");
  const others = data.connections.filter((connection) => !needsReconnect.includes(connection));

  return (
    <main className="space-y-5 p-4">
      <a className="sy-link text-sm" href={href("marketplace")}>
        ← All integrations
      </a>
      <header className="flex flex-wrap items-start gap-3">
        <IntegrationIcon icon={data.integration.icon} name={data.integration.name} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold">{data.integration.name}</h1>
            <StatusBadge status={data.status} testId="instance-status" />
          </div>
          <p className="sy-muted text-xs" data-testid="instance-version">
            {versionLine(data)}
          </p>
        </div>
        {draft ? (
          <Link className="sy-btn sy-btn-primary" href={href(`integrations/${encodeURIComponent(data.integration.key)}`)}>
            Continue setup
          </Link>
        ) : (
          <InstanceActions instance={data} onReconfigure={() => setEditing(true)} />
        )}
      </header>
      {data.statusReason ? <Alert testId="instance-status-reason">{data.statusReason}</Alert> : null}
      {needsReconnect.length ? <ReconnectPrompt instanceId={data.id} integrationKey={data.integration.key} connections={needsReconnect} /> : null}
      {data.upgrade && !draft ? <UpgradePanel instance={data} upgrade={data.upgrade} /> : null}

      {editing ? (
        <section className="sy-card p-4">
          <ReconfigureForm instance={data} onDone={() => setEditing(false)} />
        </section>
      ) : null}

      {others.length ? (
        <section className="space-y-2">
          <h2 className="text-sm font-semibold">Connections</h2>
          {others.map((connection) => (
            <ConnectionField key={connection.key} instanceId={data.id} connection={connection} />
          ))}
        </section>
      ) : null}

      {!draft && data.endpoints.length ? (
        <section className="space-y-2">
          <h2 className="text-sm font-semibold">Incoming events</h2>
          <IncomingEvents endpoints={data.endpoints} />
        </section>
      ) : null}

      {draft ? null : (
        <section className="space-y-2">
          <h2 className="text-sm font-semibold">Recent runs</h2>
          <ExecutionsList instanceId={data.id} flows={data.flows} />
        </section>
      )}
    </main>
  );
}
