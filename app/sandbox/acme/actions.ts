"use server";

import { revalidatePath } from "next/cache";
import { updateOpportunityAsUser } from "@/server/sandbox/acme/acme-ui.service";
import { guardSandboxAction } from "../action-guard";

/** Changes an opportunity as a person in Acme would; Acme then sends opportunity.updated to its webhooks. */
export async function updateAcmeOpportunityAction(form: FormData) {
  await guardSandboxAction();
  const amount = String(form.get("amount") ?? "").trim();
  const closeDate = String(form.get("closeDate") ?? "").trim();
  await updateOpportunityAsUser(String(form.get("id") ?? ""), {
    stage: String(form.get("stage") ?? ""),
    amount: amount === "" ? null : Number(amount),
    closeDate: closeDate === "" ? null : closeDate,
  });
  revalidatePath("/sandbox/acme");
}
