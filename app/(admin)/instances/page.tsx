"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { FilterSelect, useIntegrationOptions } from "../_components/filter-select";
import { PageHeader, Spinner } from "../_components/ui";
import { InstancesTable } from "./_components/instances-table";

const STATUSES = ["configuring", "deploying", "active", "paused", "failed", "removing"] as const;

function InstancesView() {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const integrations = useIntegrationOptions();
  const status = (params.get("status") ?? undefined) as (typeof STATUSES)[number] | undefined;
  const integrationId = params.get("integrationId") ?? undefined;
  const customerId = params.get("customerId") ?? undefined;
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    router.replace(`${pathname}?${next}`);
  };
  return (
    <div>
      <PageHeader title="Instances" description="Every customer's activation of every integration." />
      <div className="mb-4 flex flex-wrap gap-3">
        <FilterSelect label="Status" value={status} onChange={(v) => set("status", v)} options={STATUSES} />
        <FilterSelect label="Integration" value={integrationId} onChange={(v) => set("integrationId", v)} options={integrations} />
        {customerId ? (
          <button type="button" className="text-sm text-brand-700 hover:underline" onClick={() => set("customerId", "")}>
            Clear customer filter
          </button>
        ) : null}
      </div>
      <InstancesTable filter={{ status, integrationId, customerId }} />
    </div>
  );
}

export default function InstancesPage() {
  return (
    <Suspense fallback={<Spinner />}>
      <InstancesView />
    </Suspense>
  );
}
