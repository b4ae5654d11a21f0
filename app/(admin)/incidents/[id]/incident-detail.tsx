"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { CONDITION_LABELS } from "@/server/modules/alerts/alerts.schema";
import { Button, Card, ErrorNote, formatDate, LoadError, Spinner } from "../../_components/ui";
import { IncidentStatus } from "../incident-status";

const SNOOZES = [
  { hours: 1, label: "1 hour" },
  { hours: 4, label: "4 hours" },
  { hours: 24, label: "1 day" },
  { hours: 168, label: "1 week" },
] as const;

const NOTIFICATION_STYLES: Record<string, string> = {
  sent: "text-emerald-700",
  pending: "text-amber-700",
  failed: "text-red-700",
  skipped: "text-slate-500",
};

export function IncidentDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const incident = useQuery({ ...trpc.incidents.get.queryOptions({ id }), refetchInterval: 15_000 });
  const snooze = useMutation(
    trpc.incidents.snooze.mutationOptions({ onSuccess: (data) => queryClient.setQueryData(trpc.incidents.get.queryKey({ id }), data) }),
  );

  if (incident.isPending) return <Spinner />;
  if (incident.isError) return <LoadError error={incident.error} />;
  const data = incident.data;
  const snoozedUntil = data.snoozedUntil && data.snoozedUntil > new Date() ? data.snoozedUntil : null;
  const { subject } = data;

  return (
    <div className="space-y-6">
      <Link href="/incidents" className="text-sm text-brand-700 hover:underline">
        ← Incidents
      </Link>
      <header className="space-y-1">
        <div className="flex flex-wrap items-center gap-2">
          <h1 className="text-2xl font-semibold" data-testid="incident-title">
            {data.title}
          </h1>
          <IncidentStatus incident={data} />
        </div>
        <p className="text-sm text-slate-700" data-testid="incident-summary">
          {data.summary}
        </p>
        <p className="text-xs text-slate-500">
          Rule “{data.ruleName}” · {CONDITION_LABELS[data.condition]} · opened {formatDate(data.openedAt.toISOString())}
          {data.resolvedAt ? ` · resolved ${formatDate(data.resolvedAt.toISOString())}` : ` · last seen ${formatDate(data.lastSeenAt.toISOString())}`}
          {data.occurrences > 1 ? ` · ${data.occurrences} occurrences in the latest window` : ""}
        </p>
      </header>

      <Card title="Look into it">
        <ul className="flex flex-wrap gap-4 text-sm">
          {subject.executionId ? (
            <li>
              <Link className="text-brand-700 hover:underline" href={`/executions/${subject.executionId}`}>
                The latest failed execution
              </Link>
            </li>
          ) : null}
          {subject.instanceId ? (
            <li>
              <Link className="text-brand-700 hover:underline" href={`/instances/${subject.instanceId}`}>
                The instance
              </Link>
            </li>
          ) : null}
          {subject.instanceId && data.condition !== "deploy_failed" && data.condition !== "connection_needs_reconnect" ? (
            <li>
              <Link className="text-brand-700 hover:underline" href={`/executions?instanceId=${subject.instanceId}&status=failed`}>
                Its failed executions
              </Link>
            </li>
          ) : null}
          {subject.customerId ? (
            <li>
              <Link className="text-brand-700 hover:underline" href={`/customers/${subject.customerId}`}>
                The customer{subject.connectionId ? " and its connections" : ""}
              </Link>
            </li>
          ) : null}
          {!subject.executionId && data.condition === "failure_count" ? (
            <li>
              <Link className="text-brand-700 hover:underline" href="/executions?status=failed">
                Failed executions
              </Link>
            </li>
          ) : null}
        </ul>
      </Card>

      <Card title="Snooze">
        <p className="mb-3 text-sm text-slate-600" data-testid="snooze-state">
          {snoozedUntil
            ? `Snoozed until ${formatDate(snoozedUntil.toISOString())}: no notifications for this rule and subject until then, even if it opens again.`
            : "Snoozing stops notifications for this rule and subject (its resolution, and new incidents of it) for a while."}
        </p>
        <div className="flex flex-wrap gap-2">
          {SNOOZES.map((option) => (
            <Button
              key={option.hours}
              pending={snooze.isPending && snooze.variables?.hours === option.hours}
              onClick={() => snooze.mutate({ id, hours: option.hours })}
            >
              Snooze {option.label}
            </Button>
          ))}
          {snoozedUntil ? (
            <Button pending={snooze.isPending && snooze.variables?.hours === null} onClick={() => snooze.mutate({ id, hours: null })}>
              Stop snoozing
            </Button>
          ) : null}
        </div>
        <div className="mt-2">
          <ErrorNote error={snooze.error} />
        </div>
      </Card>

      <Card title="Notifications">
        {data.notifications.length === 0 ? <p className="text-sm text-slate-500">The rule notifies no channel.</p> : null}
        <ul className="divide-y divide-slate-100 text-sm" data-testid="incident-notifications">
          {data.notifications.map((n) => (
            <li key={n.id} className="flex flex-wrap justify-between gap-2 py-2">
              <span>
                <span className="font-medium">{n.channelName}</span>{" "}
                <span className="text-xs text-slate-500">
                  ({n.channelKind}, {n.event})
                </span>
                {n.lastError ? <span className="block text-xs text-slate-500">{n.lastError}</span> : null}
              </span>
              <span className={`text-xs font-medium ${NOTIFICATION_STYLES[n.status] ?? ""}`}>
                {n.status}
                {n.sentAt ? ` ${formatDate(n.sentAt.toISOString())}` : ""}
                {n.attempts > 1 ? ` · ${n.attempts} attempts` : ""}
              </span>
            </li>
          ))}
        </ul>
      </Card>
    </div>
  );
}
