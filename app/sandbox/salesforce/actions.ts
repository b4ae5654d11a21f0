"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { createRecordAsRep, loseNextAck, updateRecordAsRep } from "@/server/sandbox/salesforce/salesforce-ui.service";
import { SalesforceApiError } from "@/server/sandbox/salesforce/salesforce.service";
import { guardSandboxAction } from "../action-guard";

/** Form actions of the sandbox Salesforce pages; refused when the sandbox does not serve this visitor, like its routes. */
const guard = guardSandboxAction;

const ACCOUNT_FIELDS = ["Name", "Industry", "Phone", "Website"] as const;
const OPPORTUNITY_FIELDS = ["Name", "AccountId", "StageName", "Amount", "CloseDate"] as const;

/** The form's fields that were sent; an empty input clears the field. */
function fieldsOf(form: FormData, names: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of names) {
    if (!form.has(name)) continue;
    const value = String(form.get(name) ?? "").trim();
    fields[name] = value === "" ? null : name === "Amount" ? Number(value) : value;
  }
  return fields;
}

export type RecordFormState = { error?: string };

async function saving(save: () => Promise<unknown>): Promise<RecordFormState | undefined> {
  try {
    await save();
    return undefined;
  } catch (error) {
    // Salesforce's own validation message, as its pages show it.
    if (error instanceof SalesforceApiError) return { error: error.message };
    throw error;
  }
}

export async function createSalesforceRecordAction(_previous: RecordFormState, form: FormData): Promise<RecordFormState> {
  await guard();
  const sobject = String(form.get("sobject")) === "Opportunity" ? "Opportunity" : "Account";
  const failed = await saving(() => createRecordAsRep(sobject, fieldsOf(form, sobject === "Account" ? ACCOUNT_FIELDS : OPPORTUNITY_FIELDS)));
  if (failed) return failed;
  revalidatePath("/sandbox/salesforce");
  return {};
}

export async function updateSalesforceRecordAction(_previous: RecordFormState, form: FormData): Promise<RecordFormState> {
  await guard();
  const id = String(form.get("id") ?? "");
  const names = id.startsWith("006") ? OPPORTUNITY_FIELDS : ACCOUNT_FIELDS;
  const failed = await saving(() => updateRecordAsRep(id, fieldsOf(form, names)));
  if (failed) return failed;
  redirect("/sandbox/salesforce");
}

export async function loseNextAckAction() {
  await guard();
  await loseNextAck();
  revalidatePath("/sandbox/deliveries");
}
