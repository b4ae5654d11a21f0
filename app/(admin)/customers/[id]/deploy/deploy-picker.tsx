"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../../../_components/role";
import { Button, Card, ErrorNote, LoadError, PageHeader, Spinner } from "../../../_components/ui";

/** Step zero of deploying for a customer: which integration. Then the wizard takes over on the instance's setup page. */
export function DeployPicker({ customerId }: { customerId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const { canEdit } = usePermissions();
  const customer = useQuery(trpc.customers.get.queryOptions({ id: customerId }));
  const integrations = useQuery(trpc.integrations.list.queryOptions({ limit: 100 }));
  const [chosen, setChosen] = useState("");
  const activate = useMutation(
    trpc.wizard.activate.mutationOptions({
      onSuccess: (result) => router.push(result.inWizard ? `/instances/${result.instanceId}/setup` : `/instances/${result.instanceId}`),
    }),
  );

  if (customer.isPending || integrations.isPending) return <Spinner />;
  if (!customer.data) return <LoadError error={customer.error} />;
  const deployable = (integrations.data?.data ?? []).filter((i) => i.latestVersion);

  return (
    <div className="space-y-6">
      <PageHeader
        title={`Deploy an integration for ${customer.data.name}`}
        description="Choose the integration; the same setup wizard your customers see in the marketplace follows, and connections you make are theirs."
      />
      <p className="text-sm">
        <Link href={`/customers/${customerId}`} className="text-brand-700 hover:underline">
          ← Back to {customer.data.name}
        </Link>
      </p>
      {!canEdit ? <p className="text-sm text-slate-600">Deploying needs the owner or admin role.</p> : null}
      <ErrorNote error={integrations.error ?? activate.error} />
      <Card title="Integration">
        {deployable.length === 0 ? (
          <p className="text-sm text-slate-500">
            No integration has a version yet.{" "}
            <Link href="/integrations/new" className="text-brand-700 hover:underline">
              Create one
            </Link>{" "}
            and publish it first.
          </p>
        ) : (
          <form
            onSubmit={(e) => {
              e.preventDefault();
              const integration = deployable.find((i) => i.key === chosen);
              if (integration) activate.mutate({ customerId, integrationKey: integration.key });
            }}
          >
            <fieldset className="space-y-2">
              <legend className="sr-only">Integration to deploy</legend>
              {deployable.map((integration) => (
                <label
                  key={integration.id}
                  className="flex cursor-pointer items-start gap-3 rounded-md border border-slate-200 p-3 text-sm hover:bg-slate-50 has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50"
                >
                  <input
                    type="radio"
                    name="integration"
                    value={integration.key}
                    checked={chosen === integration.key}
                    onChange={() => setChosen(integration.key)}
                    className="mt-1"
                  />
                  <span>
                    <span className="font-medium">{integration.name}</span> <code className="text-xs text-slate-500">{integration.key}</code>
                    {integration.listed ? null : <span className="ml-2 rounded bg-slate-100 px-1.5 text-xs text-slate-600">not in the marketplace</span>}
                    {integration.description ? <span className="block text-slate-600">{integration.description}</span> : null}
                  </span>
                </label>
              ))}
            </fieldset>
            <div className="mt-4 flex justify-end">
              <Button type="submit" variant="primary" disabled={!chosen || !canEdit} pending={activate.isPending}>
                Continue to setup
              </Button>
            </div>
          </form>
        )}
      </Card>
    </div>
  );
}
