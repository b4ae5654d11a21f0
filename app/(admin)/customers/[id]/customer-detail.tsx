"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { InstancesTable } from "../../instances/_components/instances-table";
import { CustomerConnections } from "./customer-connections";
import { usePermissions } from "../../_components/role";
import { formatDate, LoadError, Spinner } from "../../_components/ui";

export function CustomerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const { canEdit } = usePermissions();
  const customer = useQuery(trpc.customers.get.queryOptions({ id }));
  if (customer.isPending) return <Spinner />;
  if (!customer.data) return <LoadError error={customer.error} />;
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{customer.data.name}</h1>
          <p className="text-sm text-slate-500">
            <code>{customer.data.externalId}</code> · customer since {formatDate(customer.data.createdAt)} ·{" "}
            <Link href={`/executions?customerId=${id}`} className="text-brand-700 hover:underline">
              executions
            </Link>
          </p>
        </div>
        {canEdit ? (
          <Link
            href={`/customers/${id}/deploy`}
            className="rounded-md border border-transparent bg-brand-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm outline-none hover:bg-brand-700 focus-visible:ring-2 focus-visible:ring-brand-500 focus-visible:ring-offset-1"
          >
            Deploy integration
          </Link>
        ) : null}
      </div>
      <h2 className="text-sm font-semibold">Instances</h2>
      <InstancesTable filter={{ customerId: id }} />
      <CustomerConnections customerId={id} />
    </div>
  );
}
