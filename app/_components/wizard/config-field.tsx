"use client";

import { useState } from "react";
import { ConnectionField } from "./connection-field";
import { DataSourceSelect } from "./data-source-select";
import { SecretInput } from "./secret-input";
import { fieldLabel, type Values, type WizardConnection, type WizardField } from "./wizard-types";

type OptionValue = string | number | boolean;

function optionList(field: WizardField): { value: OptionValue; label: string }[] {
  return (field.options ?? []).map((option) =>
    typeof option === "object" ? { value: option.value, label: option.label ?? String(option.value) } : { value: option, label: String(option) },
  );
}

export interface FieldProps {
  field: WizardField;
  value: unknown;
  onChange: (value: unknown) => void;
  problem?: string;
  instanceId: string;
  connections: WizardConnection[];
  secretSaved: boolean;
}

/** One config field: its label, control, help and validation message, wired for keyboard and screen readers. */
export function ConfigField({ field, value, onChange, problem, instanceId, connections, secretSaved }: FieldProps) {
  if (field.type === "connection") {
    const connection = connections.find((c) => c.key === (field.connection ?? field.key));
    return connection ? <ConnectionField instanceId={instanceId} connection={connection} problem={problem} /> : null;
  }
  const id = `field-${field.key}`;
  const helpId = field.description ? `${id}-help` : undefined;
  const errorId = problem ? `${id}-error` : undefined;
  const describedBy = [helpId, errorId].filter(Boolean).join(" ") || undefined;
  const control = { id, invalid: Boolean(problem), describedBy };
  const isCheckbox = field.type === "boolean";

  return (
    <div className="space-y-1" data-testid={`field-${field.key}`}>
      {isCheckbox ? null : (
        <label htmlFor={id} className="block text-sm font-medium">
          {fieldLabel(field)}
          {field.required ? <span aria-hidden="true"> *</span> : <span className="sy-muted text-xs"> (optional)</span>}
        </label>
      )}
      <FieldControl {...control} field={field} value={value} onChange={onChange} instanceId={instanceId} connections={connections} secretSaved={secretSaved} />
      {field.description ? (
        <p id={helpId} className="sy-muted text-xs">
          {field.description}
        </p>
      ) : null}
      {problem ? (
        <p id={errorId} className="sy-field-error" role="alert">
          {fieldLabel(field)} {problem}
        </p>
      ) : null}
    </div>
  );
}

function FieldControl(props: Omit<FieldProps, "problem"> & { id: string; invalid: boolean; describedBy?: string }) {
  const { field, value, onChange, id, invalid, describedBy } = props;
  const common = { id, "aria-invalid": invalid, "aria-describedby": describedBy, className: "sy-input", placeholder: field.placeholder };
  switch (field.type) {
    case "text":
      return <textarea {...common} rows={4} value={typeof value === "string" ? value : ""} onChange={(e) => onChange(e.target.value)} />;
    case "number":
      return (
        <input
          {...common}
          type="number"
          value={typeof value === "number" ? value : ""}
          onChange={(e) => onChange(e.target.value === "" ? undefined : Number(e.target.value))}
        />
      );
    case "boolean":
      return (
        <label className="flex items-center gap-2 text-sm font-medium">
          <input id={id} type="checkbox" checked={value === true} aria-describedby={describedBy} onChange={(e) => onChange(e.target.checked)} />
          {fieldLabel(field)}
        </label>
      );
    case "secret":
      return (
        <SecretInput
          {...props}
          value={typeof value === "string" ? value : ""}
          canGenerate={field.generate === true}
          saved={props.secretSaved}
          placeholder={field.placeholder}
        />
      );
    case "select":
    case "multiselect": {
      const multiple = field.type === "multiselect";
      if (field.dataSource) {
        const connection = props.connections.find((c) => c.key === field.dataSource!.connection);
        return (
          <DataSourceSelect
            {...props}
            fieldKey={field.key}
            multiple={multiple}
            connected={connection?.connection?.status === "active"}
            connectionLabel={connection?.label ?? field.dataSource.connection}
          />
        );
      }
      const options = optionList(field);
      const index = (v: unknown) => options.findIndex((o) => o.value === v);
      if (multiple) {
        const chosen = Array.isArray(value) ? value : [];
        return (
          <fieldset className="space-y-1" aria-describedby={describedBy}>
            {options.map((option, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <label key={i} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  checked={chosen.includes(option.value)}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, option.value] : chosen.filter((v) => v !== option.value))}
                />
                {option.label}
              </label>
            ))}
          </fieldset>
        );
      }
      return (
        <select
          {...common}
          value={String(index(value))}
          onChange={(e) => onChange(Number(e.target.value) >= 0 ? options[Number(e.target.value)]!.value : undefined)}
        >
          <option value="-1">Choose…</option>
          {options.map((option, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
            <option key={i} value={String(i)}>
              {option.label}
            </option>
          ))}
        </select>
      );
    }
    case "schedule":
      return <ScheduleInput {...props} />;
    case "json":
      return <JsonInput {...props} />;
    default:
      return (
        <input
          {...common}
          type={field.type === "email" ? "email" : "text"}
          value={typeof value === "string" ? value : ""}
          onChange={(e) => onChange(e.target.value)}
        />
      );
  }
}

/** A control whose value is a structured value (not a string), labelled and described by the field around it. */
interface ValueInputProps {
  id: string;
  value: unknown;
  onChange: (v: unknown) => void;
  invalid: boolean;
  describedBy?: string;
}

function ScheduleInput({ id, value, onChange, invalid, describedBy }: ValueInputProps) {
  const current = (value && typeof value === "object" ? value : {}) as { cron?: string; timezone?: string };
  const update = (patch: Partial<typeof current>) => {
    const next = { ...current, ...patch };
    onChange(next.cron ? { cron: next.cron, ...(next.timezone ? { timezone: next.timezone } : {}) } : undefined);
  };
  return (
    <div className="grid gap-2 sm:grid-cols-2">
      <input
        id={id}
        className="sy-input font-mono"
        placeholder="0 9 * * 1-5"
        aria-invalid={invalid}
        aria-describedby={describedBy}
        value={current.cron ?? ""}
        onChange={(e) => update({ cron: e.target.value })}
      />
      <input
        className="sy-input"
        aria-label="Time zone"
        placeholder="Europe/Berlin"
        value={current.timezone ?? ""}
        onChange={(e) => update({ timezone: e.target.value })}
      />
    </div>
  );
}

function JsonInput({ id, value, onChange, invalid, describedBy }: ValueInputProps) {
  const [text, setText] = useState(() => (value === undefined ? "" : JSON.stringify(value, null, 2)));
  const [parseError, setParseError] = useState<string | null>(null);
  return (
    <>
      <textarea
        id={id}
        className="sy-input font-mono"
        rows={5}
        aria-invalid={invalid || parseError !== null}
        aria-describedby={describedBy}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          try {
            onChange(e.target.value.trim() === "" ? undefined : JSON.parse(e.target.value));
            setParseError(null);
          } catch {
            setParseError("This is not valid JSON yet.");
          }
        }}
      />
      {parseError ? <p className="sy-field-error">{parseError}</p> : null}
    </>
  );
}

/**
 * A list of config fields editing one set of values: the wizard's page, the instance's settings and
 * an upgrade's new fields. A problem reported on a connection's key shows on its connection field.
 */
export function ConfigFields(props: {
  fields: WizardField[];
  values: Values;
  onChange: (update: (previous: Values) => Values) => void;
  problems: { field: string; message: string }[];
  instanceId: string;
  connections: WizardConnection[];
  secretsSet: readonly string[];
}) {
  const { fields, values, onChange, problems, instanceId, connections, secretsSet } = props;
  return fields.map((field) => (
    <ConfigField
      key={field.key}
      field={field}
      value={values[field.key] ?? field.default}
      onChange={(value) => onChange((previous) => ({ ...previous, [field.key]: value }))}
      problem={problems.find((p) => p.field === field.key || p.field === field.connection)?.message}
      instanceId={instanceId}
      connections={connections}
      secretSaved={secretsSet.includes(field.key)}
    />
  ));
}
