"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect } from "react";
import { Spinner } from "@/app/_components/sy/spinner";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { useWizardAdapter, wizardKeys } from "./wizard-adapter";

/** Follows the deploy flows until the instance is active or failed. */
export function DeployProgress({ instanceId, onSettled }: { instanceId: string; onSettled: (status: "active" | "failed", reason: string | null) => void }) {
  const adapter = useWizardAdapter();
  const instance = useQuery({
    queryKey: wizardKeys.deployStatus(adapter.scope, instanceId),
    queryFn: () => adapter.loadDeployStatus(instanceId),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== "deploying" ? false : 1000),
  });
  const status = instance.data?.status;
  useEffect(() => {
    if (status === "active" || status === "failed") onSettled(status, instance.data?.statusReason ?? null);
  }, [status, instance.data?.statusReason, onSettled]);

  const runs = (instance.data?.lifecycle ?? []).filter((run) => run.trigger === "instance.deploy");
  return (
    <section className="space-y-3" aria-live="polite" data-testid="deploy-progress">
      <Spinner label="Deploying…" />
      <ul className="space-y-2">
        {runs.map((run) => (
          <li key={run.id} className="sy-card p-3 text-sm">
            <div className="flex items-center gap-2">
              <span className="font-medium">{run.flowKey}</span>
              <StatusBadge status={run.status} />
            </div>
            {run.stepRuns.length ? (
              <ol className="sy-muted mt-1 flex flex-wrap gap-2 text-xs">
                {run.stepRuns.map((step, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
                  <li key={index}>
                    {step.status === "failed" ? "✗" : "✓"} {step.stateName}
                  </li>
                ))}
              </ol>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
