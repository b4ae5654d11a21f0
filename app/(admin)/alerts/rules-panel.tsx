"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { problemFor } from "@/app/_components/sy/errors";
import { useTRPC } from "@/app/_components/trpc-provider";
import { ALERT_CONDITIONS, CONDITION_LABELS, type AlertCondition } from "@/server/modules/alerts/alerts.schema";
import { ConfirmButton } from "../_components/confirm-button";
import { usePermissions } from "../_components/role";
import { Button, Card, ErrorNote, inputClass, Spinner } from "../_components/ui";

const COUNTED: ReadonlySet<AlertCondition> = new Set(["failure_count", "rejected_deliveries_spike"]);
const WINDOWED: ReadonlySet<AlertCondition> = new Set(["execution_failed", "failure_count", "rejected_deliveries_spike"]);
const emptyForm = {
  name: "",
  condition: "execution_failed" as AlertCondition,
  integrationId: "",
  threshold: "10",
  windowMinutes: "15",
  channelIds: [] as string[],
};

function describeRule(rule: { condition: AlertCondition; threshold: number; windowMinutes: number; integrationName: string | null }): string {
  const scope = rule.integrationName ? ` · ${rule.integrationName}` : " · all integrations";
  const count = COUNTED.has(rule.condition) ? ` · at least ${rule.threshold}` : "";
  const window = WINDOWED.has(rule.condition) ? ` within ${rule.windowMinutes} min` : "";
  return `${CONDITION_LABELS[rule.condition]}${count}${window}${scope}`;
}

export function RulesPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [form, setForm] = useState(emptyForm);
  const rules = useQuery(trpc.alerts.rules.queryOptions());
  const channels = useQuery(trpc.alerts.channels.queryOptions());
  const integrations = useQuery({ ...trpc.integrations.list.queryOptions({ limit: 100 }), enabled: canEdit });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.alerts.rules.queryKey() });
  const create = useMutation(trpc.alerts.createRule.mutationOptions({ onSuccess: () => (setForm(emptyForm), refresh()) }));
  const toggle = useMutation(trpc.alerts.setRuleEnabled.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.alerts.deleteRule.mutationOptions({ onSuccess: refresh }));
  const channelName = new Map(channels.data?.map((c) => [c.id, `${c.name} (${c.kind})`]));

  return (
    <Card title="Rules">
      <ErrorNote error={rules.error ?? toggle.error ?? remove.error} />
      {rules.isPending ? <Spinner /> : null}
      <ul className="mb-4 divide-y divide-slate-100" data-testid="alert-rules">
        {rules.data?.map((rule) => (
          <li key={rule.id} className="flex flex-wrap items-center justify-between gap-3 py-2 text-sm">
            <span className="min-w-0">
              <span className="font-medium">{rule.name}</span>
              {rule.enabled ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">off</span>}
              {rule.openIncidents > 0 ? (
                <span className="ml-2 rounded-full bg-red-100 px-2 text-xs font-medium text-red-800">{rule.openIncidents} open</span>
              ) : null}
              <span className="block text-xs text-slate-500">{describeRule(rule)}</span>
              <span className="block text-xs text-slate-500">
                Notifies:{" "}
                {rule.channelIds.length ? rule.channelIds.map((id) => channelName.get(id) ?? "a deleted channel").join(", ") : "no channel (incidents only)"}
              </span>
            </span>
            {canEdit ? (
              <span className="flex gap-2">
                <Button pending={toggle.isPending && toggle.variables?.id === rule.id} onClick={() => toggle.mutate({ id: rule.id, enabled: !rule.enabled })}>
                  {rule.enabled ? "Turn off" : "Turn on"}
                </Button>
                <ConfirmButton
                  label="Delete"
                  title={`Delete the rule “${rule.name}”?`}
                  message="Its incidents, open and past, are deleted with it. This cannot be undone."
                  confirmLabel="Delete rule"
                  pending={remove.isPending && remove.variables?.id === rule.id}
                  onConfirm={() => remove.mutate({ id: rule.id })}
                />
              </span>
            ) : null}
          </li>
        ))}
        {rules.data?.length === 0 ? <li className="py-2 text-sm text-slate-500">No rules yet: nothing is watched.</li> : null}
      </ul>
      {canEdit ? (
        <form
          className="grid gap-2 sm:grid-cols-2"
          aria-label="New alert rule"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate({
              name: form.name,
              condition: form.condition,
              integrationId: form.integrationId || null,
              threshold: COUNTED.has(form.condition) ? Number(form.threshold) : 1,
              windowMinutes: Number(form.windowMinutes),
              channelIds: form.channelIds,
            });
          }}
        >
          <input
            aria-label="Rule name"
            placeholder="Rule name (e.g. Failures at any customer)"
            className={inputClass}
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
            required
          />
          <select
            aria-label="Condition"
            className={inputClass}
            value={form.condition}
            onChange={(e) => setForm({ ...form, condition: e.target.value as AlertCondition })}
          >
            {ALERT_CONDITIONS.map((condition) => (
              <option key={condition} value={condition}>
                {CONDITION_LABELS[condition]}
              </option>
            ))}
          </select>
          <select
            aria-label="Integration"
            className={inputClass}
            value={form.integrationId}
            onChange={(e) => setForm({ ...form, integrationId: e.target.value })}
          >
            <option value="">All integrations</option>
            {integrations.data?.data.map((integration) => (
              <option key={integration.id} value={integration.id}>
                {integration.name}
              </option>
            ))}
          </select>
          <div className="flex gap-2">
            {COUNTED.has(form.condition) ? (
              <label className="flex flex-1 items-center gap-1 text-sm text-slate-600">
                At least
                <input
                  aria-label="Threshold"
                  type="number"
                  min={1}
                  className={`${inputClass} w-24`}
                  value={form.threshold}
                  onChange={(e) => setForm({ ...form, threshold: e.target.value })}
                  aria-invalid={problemFor(create.error, "threshold") ? true : undefined}
                />
              </label>
            ) : null}
            {WINDOWED.has(form.condition) ? (
              <label className="flex flex-1 items-center gap-1 text-sm text-slate-600">
                within
                <input
                  aria-label="Window in minutes"
                  type="number"
                  min={1}
                  max={1440}
                  className={`${inputClass} w-24`}
                  value={form.windowMinutes}
                  onChange={(e) => setForm({ ...form, windowMinutes: e.target.value })}
                />
                min
              </label>
            ) : null}
          </div>
          <fieldset className="sm:col-span-2">
            <legend className="text-sm text-slate-600">Notify</legend>
            {channels.data?.length === 0 ? (
              <p className="text-xs text-slate-500">Add a channel below to be notified; without one, incidents only show on the Incidents page.</p>
            ) : null}
            <div className="flex flex-wrap gap-3">
              {channels.data?.map((channel) => (
                <label key={channel.id} className="flex items-center gap-1.5 text-sm">
                  <input
                    type="checkbox"
                    checked={form.channelIds.includes(channel.id)}
                    onChange={(e) =>
                      setForm({ ...form, channelIds: e.target.checked ? [...form.channelIds, channel.id] : form.channelIds.filter((id) => id !== channel.id) })
                    }
                  />
                  {channel.name} <span className="text-xs text-slate-500">({channel.kind})</span>
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <Button type="submit" variant="primary" pending={create.isPending}>
              Add rule
            </Button>
          </div>
          <div className="sm:col-span-2">
            <ErrorNote error={create.error} />
          </div>
        </form>
      ) : null}
    </Card>
  );
}
