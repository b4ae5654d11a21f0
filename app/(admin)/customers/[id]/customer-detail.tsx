"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/app/_components/trpc-provider";
import { InstancesTable } from "../../instances/_components/instances-table";
import { ErrorNote, formatDate, Spinner } from "../../_components/ui";

export function CustomerDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const customer = useQuery(trpc.customers.get.queryOptions({ id }));
  if (customer.isPending) return <Spinner />;
  if (!customer.data) return <ErrorNote error={customer.error} />;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-2xl font-semibold">{customer.data.name}</h1>
        <p className="text-sm text-slate-500">
          <code>{customer.data.externalId}</code> · customer since {formatDate(customer.data.createdAt)} ·{" "}
          <Link href={`/executions?customerId=${id}`} className="text-brand-700 hover:underline">
            executions
          </Link>
        </p>
      </div>
      <h2 className="text-sm font-semibold">Instances</h2>
      <InstancesTable filter={{ customerId: id }} />
    </div>
  );
}
