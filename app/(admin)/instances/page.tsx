"use client";

import { useQuery } from "@tanstack/react-query";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Suspense } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { inputClass, PageHeader, Spinner } from "../_components/ui";
import { InstancesTable } from "./_components/instances-table";

const STATUSES = ["configuring", "deploying", "active", "paused", "failed", "removing"] as const;

function InstancesView() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const integrations = useQuery(trpc.integrations.list.queryOptions({ limit: 100 }));
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
        <label className="text-sm">
          <span className="mr-2 text-slate-600">Status</span>
          <select className={inputClass} value={status ?? ""} onChange={(e) => set("status", e.target.value)}>
            <option value="">any</option>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="text-sm">
          <span className="mr-2 text-slate-600">Integration</span>
          <select className={inputClass} value={integrationId ?? ""} onChange={(e) => set("integrationId", e.target.value)}>
            <option value="">any</option>
            {integrations.data?.data.map((i) => (
              <option key={i.id} value={i.id}>
                {i.name}
              </option>
            ))}
          </select>
        </label>
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
