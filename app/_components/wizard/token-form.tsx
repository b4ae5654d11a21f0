"use client";

import { useMutation } from "@tanstack/react-query";
import { useId, useState } from "react";
import { errorMessage } from "@/app/_components/sy/errors";
import { useWizardAdapter } from "./wizard-adapter";
import type { WizardConnection } from "./wizard-types";

type Method = WizardConnection["tokenMethods"][number];

/** "Use a token instead": the connector's typed-in credentials, checked with the provider when saved. */
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
    setFailure(null);
    const credentials = Object.fromEntries(Object.entries(values).filter(([key, value]) => method!.fields.some((f) => f.key === key) && value !== ""));
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
  return (
    <form className="mt-3 w-full space-y-3" onSubmit={submit} aria-label={`${connection.label} token`} data-testid={`token-form-${connection.key}`}>
      {connection.tokenMethods.length > 1 ? (
        <label className="block text-sm">
          <span className="font-medium">Kind of credentials</span>
          <select className="sy-input mt-1" value={methodId} onChange={(e) => setMethodId(e.target.value)}>
            {connection.tokenMethods.map((m) => (
              <option key={m.id} value={m.id}>
                {m.label ?? m.id}
              </option>
            ))}
          </select>
        </label>
      ) : null}
      {method.description ? <p className="sy-muted text-sm">{method.description}</p> : null}
      {method.fields.map((field) => {
        const id = `${formId}-${field.key}`;
        const value = values[field.key];
        const set = (next: string | boolean) => setValues((current) => ({ ...current, [field.key]: next }));
        return (
          <div key={field.key} className="text-sm">
            {field.type === "boolean" ? (
              <label className="flex items-center gap-2">
                <input id={id} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />
                <span className="font-medium">{field.label}</span>
              </label>
            ) : (
              <>
                <label htmlFor={id} className="font-medium">
                  {field.label}
                  {field.optional ? <span className="sy-muted text-xs"> (optional)</span> : null}
                </label>
                {field.type === "text" ? (
                  <textarea id={id} className="sy-input mt-1 font-mono" rows={4} spellCheck={false} value={String(value ?? "")} onChange={(e) => set(e.target.value)} />
                ) : (
                  <input
                    id={id}
                    className={`sy-input mt-1 ${field.secret ? "font-mono" : ""}`}
                    type={field.secret ? "password" : field.type === "number" ? "number" : "text"}
                    autoComplete={field.secret ? "new-password" : "off"}
                    spellCheck={false}
                    required={!field.optional}
                    placeholder={field.placeholder}
                    value={String(value ?? "")}
                    onChange={(e) => set(e.target.value)}
                  />
                )}
              </>
            )}
            {field.description ? <p className="sy-muted mt-1 text-xs">{field.description}</p> : null}
          </div>
        );
      })}
      {failure ? (
        <p className="sy-field-error" id={errorId} role="alert">
          {failure}
        </p>
      ) : null}
      <div className="flex gap-2">
        <button type="submit" className="sy-btn sy-btn-primary" disabled={save.isPending} aria-describedby={failure ? errorId : undefined}>
          {save.isPending ? "Checking…" : "Save"}
        </button>
        <button type="button" className="sy-btn" onClick={props.onCancel} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
