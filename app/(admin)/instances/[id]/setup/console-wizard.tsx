"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useMemo } from "react";
import { useTRPC, useTRPCClient } from "@/app/_components/trpc-provider";
import { Wizard } from "@/app/_components/wizard/wizard";
import { WizardAdapterProvider, type WizardAdapter } from "@/app/_components/wizard/wizard-adapter";
import { ConsoleSyTheme } from "../../../_components/sy-theme";
import { LoadError, PageHeader, Spinner } from "../../../_components/ui";

const WIZARD_STATUSES = ["configuring", "failed", "deploying"];

/** The marketplace's activation wizard, run by an owner or admin for the instance's customer. */
export function ConsoleWizard({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const instance = useQuery(trpc.instances.get.queryOptions({ id: instanceId }));
  const customerId = instance.data?.customer.id;

  const adapter = useMemo<WizardAdapter | null>(
    () =>
      customerId
        ? {
            scope: "console",
            loadState: (id) => client.wizard.state.query({ instanceId: id }),
            savePage: (input) => client.wizard.savePage.mutate(input),
            loadOptions: (input) => client.wizard.dataSource.query(input),
            // The connection is created for the customer the instance belongs to, not for the signed-in member.
            beginOAuth: (input) => client.connections.beginOAuth.mutate({ ...input, customerId }),
            connectWithCredentials: (input) => client.connections.connectWithCredentials.mutate({ ...input, customerId }),
            linkConnection: (input) => client.wizard.linkConnection.mutate(input),
            deploy: (input) => client.wizard.deploy.mutate(input),
            loadDeployStatus: (id) => client.instances.overview.query({ id }),
            onChanged: () => queryClient.invalidateQueries({ queryKey: trpc.instances.pathKey() }),
            onDeployed: (state) => router.push(`/instances/${state.instanceId}`),
          }
        : null,
    [client, customerId, queryClient, router, trpc],
  );

  if (instance.isPending) return <Spinner />;
  if (!instance.data || !adapter) return <LoadError error={instance.error} />;
  const { customer, integration, status } = instance.data;
  if (!WIZARD_STATUSES.includes(status)) {
    return (
      <p className="text-sm text-slate-600">
        This instance is {status}; its setup is done.{" "}
        <Link href={`/instances/${instanceId}`} className="text-brand-700 hover:underline">
          Open the instance
        </Link>{" "}
        to reconfigure, pause or start its flows.
      </p>
    );
  }
  return (
    <div className="space-y-4">
      <PageHeader
        title={`Set up ${integration.name}`}
        description={`Deploying for ${customer.name} (${customer.externalId}), with the wizard they see in the marketplace.`}
      />
      <p className="text-sm">
        <Link href={`/customers/${customer.id}`} className="text-brand-700 hover:underline">
          ← Back to {customer.name}
        </Link>
      </p>
      <ConsoleSyTheme className="rounded-lg border border-slate-200 bg-white p-5">
        <WizardAdapterProvider value={adapter}>
          <Wizard instanceId={instanceId} />
        </WizardAdapterProvider>
      </ConsoleSyTheme>
    </div>
  );
}
