/**
 * What the sandbox Acme page shows and does: the demo customer's workspace. A person on the page
 * changes an opportunity as a user (`actor.type: user`), through the same service as the API, so
 * the same webhooks go out.
 */
import { findSandboxAccountByLogin } from "@/server/sandbox/accounts.repo";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { ACME_STAGES, updateOpportunity, type AcmeActor } from "./acme.service";
import * as repo from "./acme.repo";

const WORKSPACE = SANDBOX_DEMO.acme.workspace;

export async function loadAcmePage() {
  const [accounts, opportunities, webhooks] = await Promise.all([
    repo.listAccounts(WORKSPACE, { take: 500 }),
    repo.listOpportunities(WORKSPACE, { take: 500 }),
    repo.listWebhooks(WORKSPACE),
  ]);
  return {
    workspace: WORKSPACE,
    accounts,
    opportunities,
    accountNames: new Map(accounts.map((account) => [account.id, account.name])),
    webhooks,
    stages: ACME_STAGES,
  };
}

export async function updateOpportunityAsUser(id: string, fields: { stage?: string; amount?: number | null; closeDate?: string | null }) {
  const person = await findSandboxAccountByLogin("acme", SANDBOX_DEMO.acme.admin);
  const actor: AcmeActor = { type: "user", id: person ? `usr_${person.id}` : "usr_demo", name: person?.name ?? "Demo user" };
  if (fields.stage !== undefined && !(ACME_STAGES as readonly string[]).includes(fields.stage)) throw new Error(`${fields.stage} is not an Acme stage`);
  return updateOpportunity(WORKSPACE, actor, id, fields);
}
