"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { useEmbed } from "../../_shell/embed-context";
import { Alert } from "@/app/_components/sy/alert";
import { errorMessage, fieldProblems, type FieldProblem } from "@/app/_components/sy/errors";
import { ConfigFields } from "@/app/_components/wizard/config-field";
import type { Values, WizardConnection, WizardPage } from "@/app/_components/wizard/wizard-types";

interface Props {
  instance: { id: string; values: Values; pages: WizardPage[]; connections: WizardConnection[]; secretsSet: string[] };
  onDone: () => void;
}

/** Every config field on one form; secrets left empty keep their stored value. */
export function ReconfigureForm({ instance, onDone }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { emit } = useEmbed();
  const [values, setValues] = useState<Values>(instance.values);
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const save = useMutation(trpc.embed.instances.reconfigure.mutationOptions());
  const fields = instance.pages.flatMap((page) => page.fields).filter((field) => field.type !== "connection");

  const onSubmit = async (event: React.FormEvent) => {
    event.preventDefault();
    try {
      const result = await save.mutateAsync({ instanceId: instance.id, values });
      emit("instance.updated", { instanceId: result.instanceId, integrationKey: result.integrationKey, version: result.version });
      await queryClient.invalidateQueries({ queryKey: trpc.embed.pathKey() });
      onDone();
    } catch (error) {
      setProblems(
        fieldProblems(
          error,
          fields.map((f) => f.key),
        ),
      );
    }
  };

  return (
    <form className="space-y-4" onSubmit={onSubmit} noValidate data-testid="reconfigure-form">
      <h2 className="text-base font-semibold">Settings</h2>
      {save.isError ? <Alert>{errorMessage(save.error)}</Alert> : null}
      {fields.length === 0 ? <p className="sy-muted text-sm">This integration has no settings.</p> : null}
      <ConfigFields
        fields={fields}
        values={values}
        onChange={setValues}
        problems={problems}
        instanceId={instance.id}
        connections={instance.connections}
        secretsSet={instance.secretsSet}
      />
      <div className="flex justify-end gap-2">
        <button type="button" className="sy-btn" onClick={onDone} disabled={save.isPending}>
          Cancel
        </button>
        <button type="submit" className="sy-btn sy-btn-primary" disabled={save.isPending}>
          {save.isPending ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
