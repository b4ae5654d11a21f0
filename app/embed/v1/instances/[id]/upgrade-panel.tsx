"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage, fieldProblems, type FieldProblem } from "@/app/_components/sy/errors";
import { ConfigFields } from "@/app/_components/wizard/config-field";
import type { Values, WizardConnection, WizardField } from "@/app/_components/wizard/wizard-types";

interface Props {
  instance: { id: string; connections: WizardConnection[] };
  upgrade: { version: number; releaseNotes: string | null; newFields: WizardField[] };
}

/** A newer version is published: asks only for the fields it added, then moves the instance to it. */
export function UpgradePanel({ instance, upgrade }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { emit } = useEmbed();
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState<Values>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const run = useMutation(trpc.embed.instances.upgrade.mutationOptions());

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const result = await run.mutateAsync({ instanceId: instance.id, values });
      emit("instance.updated", { instanceId: result.instanceId, integrationKey: result.integrationKey, version: result.version });
      await queryClient.invalidateQueries({ queryKey: trpc.embed.pathKey() });
    } catch (error) {
      setProblems(
        fieldProblems(
          error,
          upgrade.newFields.map((f) => f.key),
        ),
      );
    }
  };

  return (
    <section className="sy-card space-y-3 p-4" data-testid="upgrade-panel">
      <div className="flex flex-wrap items-center gap-2">
        <p className="flex-1 text-sm">
          <span className="font-semibold">Version {upgrade.version} is available.</span> {upgrade.releaseNotes ?? ""}
        </p>
        {open ? null : (
          <button type="button" className="sy-btn sy-btn-primary" onClick={() => setOpen(true)}>
            Upgrade
          </button>
        )}
      </div>
      {open ? (
        <form className="space-y-3" onSubmit={onSubmit} noValidate>
          {run.isError ? <Alert>{errorMessage(run.error)}</Alert> : null}
          {upgrade.newFields.length ? <p className="sy-muted text-sm">This version needs a few more settings.</p> : null}
          <ConfigFields
            fields={upgrade.newFields}
            values={values}
            onChange={setValues}
            problems={problems}
            instanceId={instance.id}
            connections={instance.connections}
            secretsSet={[]}
          />
          <div className="flex justify-end gap-2">
            <button type="button" className="sy-btn" onClick={() => setOpen(false)} disabled={run.isPending}>
              Not now
            </button>
            <button type="submit" className="sy-btn sy-btn-primary" disabled={run.isPending}>
              {run.isPending ? "Upgrading…" : `Upgrade to version ${upgrade.version}`}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
