/**
 * What the sandbox Salesforce pages show and do. A person on the pages works as the demo org's
 * sales rep (not the admin an integration signs in as), through the same service as the API, so a
 * change made by hand queues the same outbound messages — and reads as someone else's change to
 * an integration that skips its own writes.
 */
import { findSandboxAccountByLogin } from "@/server/sandbox/accounts.repo";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { GIVE_UP_AFTER_MS, SCHEDULE_SECONDS } from "./outbound-queue";
import { OPPORTUNITY_STAGES, SOBJECTS, type SObjectName } from "./salesforce-objects";
import { isSalesforceId, salesforceUserId } from "./salesforce-ids";
import { createRecord, updateRecord } from "./salesforce.service";
import * as repo from "./salesforce.repo";

const ORG = SANDBOX_DEMO.salesforce.org;
const INDUSTRIES = SOBJECTS.Account.fields.find((field) => field.name === "Industry")!.picklistValues!;

async function repUserId(): Promise<string> {
  const rep = await findSandboxAccountByLogin("salesforce", SANDBOX_DEMO.salesforce.rep);
  if (!rep) throw new Error("the sandbox has no Salesforce sales rep yet: run seedSandbox() (npm start seeds it when the sandbox is enabled)");
  return salesforceUserId(rep.id);
}

export async function loadSalesforcePage() {
  const [org, accounts, opportunities, outboundMessages] = await Promise.all([
    repo.findOrg(ORG),
    repo.listRecords(ORG, "Account"),
    repo.listRecords(ORG, "Opportunity"),
    repo.listOutboundMessages(ORG),
  ]);
  const accountNames = new Map(accounts.map((account) => [account.id, String(account.fields.Name ?? account.id)]));
  return { org, accounts, opportunities, accountNames, outboundMessages, stages: OPPORTUNITY_STAGES, industries: INDUSTRIES };
}

export function sobjectOfId(id: string): SObjectName | null {
  if (!isSalesforceId(id)) return null;
  return (Object.values(SOBJECTS).find((object) => id.startsWith(object.keyPrefix))?.name as SObjectName | undefined) ?? null;
}

export async function loadRecordPage(id: string) {
  const sobject = sobjectOfId(id);
  const record = sobject ? await repo.findRecord(ORG, sobject, id) : null;
  if (!sobject || !record) return null;
  return {
    sobject,
    record,
    accounts: sobject === "Opportunity" ? await repo.listRecords(ORG, "Account") : [],
    stages: OPPORTUNITY_STAGES,
    industries: INDUSTRIES,
  };
}

export async function createRecordAsRep(sobject: SObjectName, fields: Record<string, unknown>) {
  return createRecord(ORG, await repUserId(), sobject, fields);
}

export async function updateRecordAsRep(id: string, fields: Record<string, unknown>) {
  const sobject = sobjectOfId(id);
  if (!sobject) throw new Error(`${id} is not an Account or Opportunity id`);
  return updateRecord(ORG, await repUserId(), sobject, id, fields);
}

/** The outbound message queue for the deliveries page: what waits, what was settled lately, and the schedule. */
export async function loadOutboundQueue() {
  const [org, pending, recent] = await Promise.all([repo.findOrg(ORG), repo.listPendingNotifications(), repo.listRecentNotifications()]);
  return { loseNextAcks: org?.loseNextAcks ?? 0, pending, recent, schedule: SCHEDULE_SECONDS, giveUpAfterMinutes: GIVE_UP_AFTER_MS / 60_000 };
}

/** Makes the demo org treat one more acknowledgement as lost. */
export async function loseNextAck() {
  const org = await repo.findOrg(ORG);
  if (org) await repo.setLoseNextAcks(ORG, org.loseNextAcks + 1);
}
