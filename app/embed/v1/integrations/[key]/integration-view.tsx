"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage } from "@/app/_components/sy/errors";
import { IntegrationIcon } from "@/app/_components/sy/integration-icon";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { Wizard } from "@/app/_components/wizard/wizard";

const triggerText: Record<string, string> = {
  webhook: "when the other app sends an event",
  schedule: "on a schedule",
  poll: "when it finds something new in the other app (checked on a schedule)",
  manual: "when started by hand",
  event: "when another flow signals it",
  tool: "when your AI assistant asks for it",
};

/** What the integration does and which apps it connects; Activate opens the wizard in place. */
export function IntegrationView({ integrationKey }: { integrationKey: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { href } = useEmbed();
  const detail = useQuery(trpc.embed.marketplace.integration.queryOptions({ key: integrationKey }));
  const activate = useMutation(trpc.embed.wizard.activate.mutationOptions());
  const [wizardFor, setWizardFor] = useState<string | null>(null);

  if (detail.isPending)
    return (
      <main className="p-4">
        <Spinner label="Loading…" />
      </main>
    );
  if (detail.isError)
    return (
      <main className="p-4">
        <Alert>{errorMessage(detail.error)}</Alert>
      </main>
    );
  const integration = detail.data;
  const instance = integration.instance;
  // A draft (or a failed deploy) resumes in the wizard, where the customer left it.
  const inWizard = wizardFor ?? (instance && (instance.status === "configuring" || instance.status === "failed") ? instance.id : null);

  return (
    <main className="space-y-5 p-4">
      <a className="sy-link text-sm" href={href("marketplace")}>
        ← All integrations
      </a>
      <header className="flex items-start gap-3">
        <IntegrationIcon icon={integration.icon} name={integration.name} />
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h1 className="text-lg font-semibold">{integration.name}</h1>
            {instance && instance.status !== "configuring" ? <StatusBadge status={instance.status} testId="active-badge" /> : null}
          </div>
          <p className="sy-muted text-xs">
            {integration.category ? `${integration.category} · ` : ""}version {integration.version}
          </p>
        </div>
        {inWizard ? null : instance && instance.status !== "configuring" ? (
          <Link className="sy-btn" href={href(`instances/${instance.id}`)}>
            Manage
          </Link>
        ) : (
          <button
            type="button"
            className="sy-btn sy-btn-primary"
            disabled={activate.isPending}
            onClick={async () => {
              const result = await activate.mutateAsync({ integrationKey });
              setWizardFor(result.instanceId);
              await queryClient.invalidateQueries({ queryKey: trpc.embed.marketplace.pathKey() });
            }}
          >
            {activate.isPending ? "Activating…" : "Activate"}
          </button>
        )}
      </header>
      {activate.isError ? <Alert>{errorMessage(activate.error)}</Alert> : null}

      {inWizard ? (
        <section className="sy-card p-4">
          <Wizard instanceId={inWizard} />
        </section>
      ) : (
        <>
          {integration.description ? <p className="text-sm">{integration.description}</p> : null}
          {integration.connections.length ? (
            <section>
              <h2 className="mb-2 text-sm font-semibold">Connects</h2>
              <ul className="flex flex-wrap gap-2" data-testid="integration-connections">
                {integration.connections.map((c) => (
                  <li key={c.key} className="sy-surface flex items-center gap-2 px-3 py-2 text-sm">
                    <IntegrationIcon icon={c.icon} name={c.label} size="small" />
                    {c.label}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {integration.flows.length ? (
            <section>
              <h2 className="mb-2 text-sm font-semibold">What it does</h2>
              <ul className="list-disc space-y-1 pl-5 text-sm">
                {integration.flows.map((flow) => (
                  <li key={flow.key}>
                    <span className="font-medium">{flow.name}</span>
                    {flow.description ? ` — ${flow.description}` : ` runs ${triggerText[flow.trigger] ?? `on ${flow.trigger}`}`}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {integration.releaseNotes ? <p className="sy-muted text-xs">What’s new: {integration.releaseNotes}</p> : null}
        </>
      )}
    </main>
  );
}
