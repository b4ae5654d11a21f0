"use client";

import type { AuthMethodDescription } from "@/server/connectors/framework/describe-auth";

/** One typed-in credential a connector asks for (a token, a login, a subdomain). */
export type CredentialField = Pick<AuthMethodDescription["fields"][number], "key" | "label" | "type" | "secret" | "optional" | "description" | "placeholder">;

export type CredentialValues = Record<string, string | boolean>;

/**
 * The inputs of a connector's credential method: secrets as password fields, never autofilled.
 * `form` names the form they belong to when they cannot sit inside it (see TokenForm).
 */
export function CredentialFieldInputs(props: {
  formId: string;
  form?: string;
  fields: readonly CredentialField[];
  values: CredentialValues;
  onChange: (key: string, value: string | boolean) => void;
}) {
  return props.fields.map((field) => {
    const id = `${props.formId}-${field.key}`;
    const value = props.values[field.key];
    const set = (next: string | boolean) => props.onChange(field.key, next);
    return (
      <div key={field.key} className="text-sm">
        {field.type === "boolean" ? (
          <label className="flex items-center gap-2">
            <input id={id} form={props.form} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />
            <span className="font-medium">{field.label}</span>
          </label>
        ) : (
          <>
            <label htmlFor={id} className="font-medium">
              {field.label}
              {field.optional ? <span className="sy-muted text-xs"> (optional)</span> : null}
            </label>
            {field.type === "text" ? (
              <textarea
                id={id}
                form={props.form}
                className="sy-input mt-1 font-mono"
                rows={4}
                spellCheck={false}
                value={String(value ?? "")}
                onChange={(e) => set(e.target.value)}
              />
            ) : (
              <input
                id={id}
                form={props.form}
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
  });
}

/** What a form sends: the method's own fields, without the ones left empty. */
export function filledCredentials(fields: readonly CredentialField[], values: CredentialValues): Record<string, string | boolean> {
  return Object.fromEntries(Object.entries(values).filter(([key, value]) => fields.some((f) => f.key === key) && value !== ""));
}

/** "Kind of credentials", for a connector with more than one typed-in method; nothing otherwise. */
export function CredentialMethodSelect(props: {
  methods: readonly { id: string; label?: string | null }[];
  value: string;
  onChange: (id: string) => void;
  className: string;
  labelClassName: string;
  form?: string;
}) {
  if (props.methods.length <= 1) return null;
  return (
    <label className={props.labelClassName}>
      <span className="font-medium">Kind of credentials</span>
      <select form={props.form} className={props.className} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.methods.map((m) => (
          <option key={m.id} value={m.id}>
            {m.label ?? m.id}
          </option>
        ))}
      </select>
    </label>
  );
}
