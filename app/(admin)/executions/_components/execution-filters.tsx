"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { FilterSelect, useIntegrationOptions } from "../../_components/filter-select";
import { Button, inputClass } from "../../_components/ui";

export interface ExecutionFilterValues {
  status?: string;
  integrationId?: string;
  customerId?: string;
  instanceId?: string;
  flowKey?: string;
  from?: string;
  to?: string;
  q?: string;
}

const STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"];

/** `datetime-local` has no zone; the browser's own zone is the one the support person means. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : "");
const toLocal = (iso?: string) => (iso ? new Date(new Date(iso).getTime() - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16) : "");

export function ExecutionFilters({ value, onApply }: { value: ExecutionFilterValues; onApply: (next: ExecutionFilterValues) => void }) {
  const trpc = useTRPC();
  const integrations = useIntegrationOptions();
  const flows = useQuery(trpc.integrations.flows.queryOptions());
  const [draft, setDraft] = useState(value);
  const set = (name: keyof ExecutionFilterValues, v: string) => setDraft({ ...draft, [name]: v || undefined });
  const flowKeys = [...new Set((flows.data ?? []).filter((f) => !draft.integrationId || f.integrationId === draft.integrationId).map((f) => f.flowKey))];
  return (
    <form
      className="mb-4 grid gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-4"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(draft);
      }}
    >
      <label className="text-sm sm:col-span-2">
        <span className="mb-1 block text-slate-600">Text in input, output or error</span>
        <input
          type="search"
          className={`${inputClass} w-full`}
          value={draft.q ?? ""}
          onChange={(e) => set("q", e.target.value)}
          placeholder="e.g. order 1042, timeout"
        />
      </label>
      <FilterSelect stacked label="Status" value={draft.status} onChange={(v) => set("status", v)} options={STATUSES} />
      <FilterSelect stacked label="Integration" value={draft.integrationId} onChange={(v) => set("integrationId", v)} options={integrations} />
      <FilterSelect stacked label="Flow" value={draft.flowKey} onChange={(v) => set("flowKey", v)} options={flowKeys} />
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">From</span>
        <input type="datetime-local" className={`${inputClass} w-full`} value={toLocal(draft.from)} onChange={(e) => set("from", toIso(e.target.value))} />
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">To</span>
        <input type="datetime-local" className={`${inputClass} w-full`} value={toLocal(draft.to)} onChange={(e) => set("to", toIso(e.target.value))} />
      </label>
      <div className="flex items-end gap-2">
        <Button type="submit" variant="primary">
          Search
        </Button>
        <Button onClick={() => (setDraft({}), onApply({}))}>Clear</Button>
      </div>
      {draft.customerId || draft.instanceId ? (
        <p className="text-xs text-slate-500 sm:col-span-4">
          Also filtered by {draft.customerId ? "customer" : "instance"} (from the link you followed); Clear removes it.
        </p>
      ) : null}
    </form>
  );
}
