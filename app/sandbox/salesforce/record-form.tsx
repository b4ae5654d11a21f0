"use client";

import { useActionState } from "react";
import { createSalesforceRecordAction, updateSalesforceRecordAction, type RecordFormState } from "./actions";
import { inputClass, primaryButton } from "../_components/ui";

type Values = Record<string, string | number | boolean | null | undefined>;

interface Props {
  sobject: "Account" | "Opportunity";
  /** Editing an existing record; creating one without it. */
  id?: string;
  values?: Values;
  accounts: Array<{ id: string; name: string }>;
  stages: readonly string[];
  industries: readonly string[];
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    // biome-ignore lint/a11y/noLabelWithoutControl: the control comes in as children, inside the label.
    <label className="block text-sm">
      <span className="mb-1 block font-medium text-slate-700">{label}</span>
      {children}
    </label>
  );
}

/** An Account or Opportunity form as Salesforce's record page has it; Salesforce's own validation message on failure. */
export function RecordForm({ sobject, id, values = {}, accounts, stages, industries }: Props) {
  const [state, action, pending] = useActionState<RecordFormState, FormData>(id ? updateSalesforceRecordAction : createSalesforceRecordAction, {});
  const text = (name: string) => (values[name] === null || values[name] === undefined ? "" : String(values[name]));
  return (
    <form action={action} className="grid gap-3 sm:grid-cols-2" data-testid={`salesforce-${sobject.toLowerCase()}-form`}>
      <input type="hidden" name="sobject" value={sobject} />
      {id ? <input type="hidden" name="id" value={id} /> : null}
      <Field label={sobject === "Account" ? "Account Name" : "Opportunity Name"}>
        <input name="Name" required defaultValue={text("Name")} className={inputClass} />
      </Field>
      {sobject === "Account" ? (
        <>
          <Field label="Industry">
            <select name="Industry" defaultValue={text("Industry")} className={inputClass}>
              <option value="">--None--</option>
              {industries.map((industry) => (
                <option key={industry}>{industry}</option>
              ))}
            </select>
          </Field>
          <Field label="Phone">
            <input name="Phone" defaultValue={text("Phone")} className={inputClass} />
          </Field>
          <Field label="Website">
            <input name="Website" defaultValue={text("Website")} className={inputClass} />
          </Field>
        </>
      ) : (
        <>
          <Field label="Account Name">
            <select name="AccountId" defaultValue={text("AccountId")} className={inputClass}>
              <option value="">--None--</option>
              {accounts.map((account) => (
                <option key={account.id} value={account.id}>
                  {account.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label="Stage">
            <select name="StageName" defaultValue={text("StageName") || stages[0]} className={inputClass}>
              {stages.map((stage) => (
                <option key={stage}>{stage}</option>
              ))}
            </select>
          </Field>
          <Field label="Amount">
            <input name="Amount" type="number" min="0" step="0.01" defaultValue={text("Amount")} className={inputClass} />
          </Field>
          <Field label="Close Date">
            <input name="CloseDate" type="date" required defaultValue={text("CloseDate")} className={inputClass} />
          </Field>
        </>
      )}
      <div className="sm:col-span-2">
        {state.error ? (
          <p role="alert" className="mb-2 text-sm text-red-700">
            {state.error}
          </p>
        ) : null}
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? "Saving…" : id ? "Save" : `New ${sobject}`}
        </button>
      </div>
    </form>
  );
}
