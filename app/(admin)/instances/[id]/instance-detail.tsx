"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { removedSinceLastSeen } from "@/app/_components/sy/errors";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Card, formatDate, LoadError, Spinner, StatusBadge } from "../../_components/ui";
import { usePermissions } from "../../_components/role";
import { ConsoleReconnect } from "./console-reconnect";
import { InstanceActions } from "./instance-actions";
import { EndpointStatuses } from "./endpoint-statuses";
import { RejectedDeliveries } from "./rejected-deliveries";
import { shortId } from "@/server/text/short-id";
import { RecentRuns } from "./recent-runs";
import { StartFlow } from "./start-flow";

const SETTLING = ["deploying", "removing"];

/** One instance for the vendor's team: status and why, configuration, connections, flows, deploy runs and webhook endpoints. */
export function InstanceDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { canEdit } = usePermissions();
  const overview = useQuery({
    ...trpc.instances.overview.queryOptions({ id }),
    refetchInterval: (query) => (query.state.data && SETTLING.includes(query.state.data.status) ? 1500 : false),
  });
  if (overview.isPending) return <Spinner />;
  if (removedSinceLastSeen(overview)) {
    const { customer, integration } = overview.data!;
    return (
      <div role="status" className="space-y-2">
        <h1 className="text-2xl font-semibold">{integration.name} removed</h1>
        <p className="text-sm text-slate-600">
          Its remove flows succeeded and the instance was deleted. Its executions stay in{" "}
          <Link href={`/executions?instanceId=${id}`} className="text-brand-700 hover:underline">
            the executions list
          </Link>
          . Back to{" "}
          <Link href={`/customers/${customer.id}`} className="text-brand-700 hover:underline">
            {customer.name}
          </Link>
          .
        </p>
      </div>
    );
  }
  if (!overview.data) return <LoadError error={overview.error} />;
  const i = overview.data;
  const secretKeys = new Set(i.secretsSet);
  const fields = i.pages.flatMap((page) => page.fields).filter((field) => field.type !== "connection");

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="flex items-center gap-3 text-2xl font-semibold">
            {i.integration.name}{" "}
            <span data-testid="instance-status">
              <StatusBadge status={i.status} />
            </span>
          </h1>
          <p className="text-sm text-slate-500">
            for{" "}
            <Link href={`/customers/${i.customer.id}`} className="text-brand-700 hover:underline">
              {i.customer.name}
            </Link>{" "}
            <code className="text-xs">{i.customer.externalId}</code> ·{" "}
            <span data-testid="instance-version">
              v{i.version} since {formatDate((i.versionActivatedAt ?? i.deployedAt)?.toISOString())}
              {i.deployedAt && i.versionActivatedAt && i.versionActivatedAt.getTime() - i.deployedAt.getTime() > 1000
                ? ` · first deployed ${formatDate(i.deployedAt.toISOString())}`
                : ""}
            </span>{" "}
            ·{" "}
            <Link href={`/executions?instanceId=${i.id}`} className="text-brand-700 hover:underline">
              executions
            </Link>
          </p>
          {i.statusReason ? (
            <p role="alert" className="mt-2 max-w-2xl rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-700">
              {i.statusReason}
            </p>
          ) : null}
          {i.upgrade ? (
            <p className="mt-2 text-sm text-amber-800">Version {i.upgrade.version} is published; the customer can upgrade from their instance page.</p>
          ) : null}
        </div>
        <InstanceActions instanceId={i.id} status={i.status} customerId={i.customer.id} />
      </div>

      <div className="grid gap-6 md:grid-cols-2">
        <Card title="Connections">
          {i.connections.length === 0 ? <p className="text-sm text-slate-500">This integration connects no accounts.</p> : null}
          <ul className="space-y-2 text-sm">
            {i.connections.map((c) =>
              c.connection?.status === "broken" ? (
                <li key={c.key} data-testid={`needs-reconnect-${c.key}`}>
                  <p className="mb-1 text-xs font-medium text-red-700">Needs reconnecting: executions that use it wait until it is reconnected.</p>
                  {canEdit ? (
                    <ConsoleReconnect instanceId={i.id} customerId={i.customer.id} connection={c} />
                  ) : (
                    <p className="text-red-700">
                      <span className="font-medium">{c.label}</span>: {c.connection.statusReason ?? "the provider refused its credentials"}
                    </p>
                  )}
                </li>
              ) : (
                <li key={c.key} className="flex items-center justify-between gap-2">
                  <span className="font-medium">{c.label}</span>
                  {c.connection ? (
                    <span className="text-emerald-700">connected as {c.connection.accountLabel ?? "an account"}</span>
                  ) : (
                    <span className="text-slate-500">{c.required ? "not connected" : "skipped"}</span>
                  )}
                </li>
              ),
            )}
          </ul>
        </Card>
        <Card title="Configuration">
          {fields.length === 0 ? <p className="text-sm text-slate-500">No settings.</p> : null}
          <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
            {fields.map((field) => (
              <div key={field.key} className="contents">
                <dt className="text-slate-600">{field.label ?? field.key}</dt>
                <dd className="break-all font-mono text-xs leading-5">
                  {field.type === "secret"
                    ? secretKeys.has(field.key)
                      ? "•••••••• (set)"
                      : "—"
                    : i.values[field.key] === undefined
                      ? "—"
                      : JSON.stringify(i.values[field.key])}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>

      <RecentRuns instanceId={i.id} />

      <Card title="Flows">
        <ul className="space-y-1 text-sm">
          {i.flows.map((flow) => (
            <li key={flow.key}>
              <span className="font-medium">{flow.name}</span> <code className="text-xs text-slate-500">{flow.key}</code>{" "}
              <span className="text-slate-500">· {flow.trigger}</span>{" "}
              <Link href={`/executions?instanceId=${i.id}&flowKey=${encodeURIComponent(flow.key)}`} className="text-xs text-brand-700 hover:underline">
                runs
              </Link>
            </li>
          ))}
        </ul>
        {i.lifecycle.length > 0 ? (
          <div className="mt-4">
            <p className="mb-1 text-xs font-semibold uppercase text-slate-500">Latest deploy and removal runs</p>
            <ul className="space-y-1 text-sm">
              {i.lifecycle.map((run) => (
                <li key={run.id} className="flex flex-wrap items-center gap-2">
                  <Link href={`/executions/${run.id}`} className="font-mono text-xs text-brand-700 hover:underline" title={run.id}>
                    {shortId(run.id)}
                  </Link>
                  <span>{run.flowKey}</span>
                  <StatusBadge status={run.status} />
                  <span className="text-xs text-slate-500">{run.stepRuns.map((s) => `${s.status === "failed" ? "✗" : "✓"} ${s.stateName}`).join("  ")}</span>
                  {run.error ? <span className="text-xs text-red-700">{run.error}</span> : null}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Card>

      <Card title="Webhook endpoints">
        {i.endpoints.length === 0 ? (
          <p className="text-sm text-slate-500">No flow of this integration is triggered by webhooks.</p>
        ) : (
          <div className="space-y-4">
            <EndpointStatuses endpoints={i.endpoints} />
            <RejectedDeliveries instanceId={i.id} endpoints={i.endpoints} />
          </div>
        )}
      </Card>

      {i.status === "active" ? <StartFlow instanceId={i.id} flows={i.flows} /> : null}
    </div>
  );
}
