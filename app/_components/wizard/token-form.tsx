"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { createPortal } from "react-dom";
import { errorMessage } from "@/app/_components/sy/errors";
import { CredentialFieldInputs, CredentialMethodSelect, filledCredentials } from "./credential-field-inputs";
import { useWizardAdapter } from "./wizard-adapter";
import type { WizardConnection } from "./wizard-types";

type Method = WizardConnection["tokenMethods"][number];

/**
 * "Use a token instead": the connector's typed-in credentials, checked with the provider when saved.
 * It shows inside the wizard's own form, and a form inside a form is not HTML (the browser
 * submitted the page instead, navigating the frame away). So its `<form>` element lives outside,
 * at the end of the body, and the inputs and buttons here join it through their `form` attribute:
 * Enter in a field and the required-field checks work on this form, not on the wizard's.
 */
export function TokenForm(props: { instanceId: string; connection: WizardConnection; onSaved: () => Promise<unknown>; onCancel: () => void }) {
  const { connection } = props;
  const adapter = useWizardAdapter();
  const formId = useId();
  const [methodId, setMethodId] = useState(connection.tokenMethods[0]?.id ?? "");
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const save = useMutation({ mutationFn: adapter.connectWithCredentials });
  const method: Method | undefined = connection.tokenMethods.find((m) => m.id === methodId);
  if (!method) return null;

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    // React hands a portal's events to its React ancestors: without this the wizard's own form
    // would take the Save as its Next, and move on while the token is still being checked.
    event.stopPropagation();
    setFailure(null);
    const credentials = filledCredentials(method!.fields, values);
    try {
      await save.mutateAsync({
        connector: connection.connector,
        key: connection.key,
        instanceId: props.instanceId,
        method: method!.id,
        credentials,
        ...(connection.connection ? { connectionId: connection.connection.id } : {}),
      });
      setValues({});
      await props.onSaved();
    } catch (error) {
      setFailure(errorMessage(error));
    }
  }

  const errorId = `${formId}-error`;
  const form = `${formId}-form`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: the real <form> is portaled to the body (this sits inside the wizard's own form); the div names the region.
    <div role="form" className="mt-3 w-full space-y-3" aria-label={`${connection.label} token`} data-testid={`token-form-${connection.key}`}>
      {createPortal(<form id={form} onSubmit={submit} hidden />, document.body)}
      <CredentialMethodSelect
        form={form}
        methods={connection.tokenMethods}
        value={methodId}
        onChange={setMethodId}
        className="sy-input mt-1"
        labelClassName="block text-sm"
      />
      {method.description ? <p className="sy-muted text-sm">{method.description}</p> : null}
      <CredentialFieldInputs
        formId={formId}
        form={form}
        fields={method.fields}
        values={values}
        onChange={(key, next) => setValues((current) => ({ ...current, [key]: next }))}
      />
      {failure ? (
        <p className="sy-field-error" id={errorId} role="alert">
          {failure}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" form={form} className="sy-btn sy-btn-primary" disabled={save.isPending} aria-describedby={failure ? errorId : undefined}>
          {save.isPending ? "Checking…" : "Save"}
        </button>
        <button type="button" className="sy-btn" onClick={props.onCancel} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </div>
  );
}
