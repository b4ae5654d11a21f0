/**
 * The simulated Acme app — the vendor's own product in the demo — whether its REST API or its
 * sandbox page asked: accounts, opportunities (with webhooks when one is created or changed),
 * projects and widgets. Each change says who made it (`actor`): an API key, an OAuth app, or a
 * person on the page, so an integration can recognise its own writes in a webhook.
 */
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { sandboxNow } from "@/server/sandbox/clock";
import { dispatchDelivery } from "@/server/sandbox/deliveries/deliver";
import * as repo from "./acme.repo";

/** The opportunity stages Acme uses (the same names Salesforce's default sales process has). */
export const ACME_STAGES = [
  "Prospecting",
  "Qualification",
  "Needs Analysis",
  "Value Proposition",
  "Proposal/Price Quote",
  "Negotiation/Review",
  "Closed Won",
  "Closed Lost",
] as const;

export const ACME_WEBHOOK_EVENTS = ["opportunity.created", "opportunity.updated"] as const;

/** Who made a change: `api_key` (its id), `app` (an OAuth client id), or `user` (a person on the page). */
export interface AcmeActor {
  type: "api_key" | "app" | "user";
  id: string;
  name: string;
}

export class AcmeApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const newAcmeId = (prefix: string) => `${prefix}_${randomBytes(8).toString("hex")}`;

type Account = Awaited<ReturnType<typeof repo.insertAccount>>;
type Opportunity = Awaited<ReturnType<typeof repo.insertOpportunity>>;

export function accountJson(account: Account) {
  return {
    id: account.id,
    name: account.name,
    industry: account.industry,
    phone: account.phone,
    website: account.website,
    external_id: account.externalId,
    created_at: account.createdAt.toISOString(),
    updated_at: account.updatedAt.toISOString(),
  };
}

export function opportunityJson(opportunity: Opportunity) {
  return {
    id: opportunity.id,
    name: opportunity.name,
    stage: opportunity.stage,
    amount: opportunity.amount,
    close_date: opportunity.closeDate,
    account_id: opportunity.accountId,
    external_id: opportunity.externalId,
    created_at: opportunity.createdAt.toISOString(),
    updated_at: opportunity.updatedAt.toISOString(),
  };
}

/** `X-Acme-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body with the secret the subscriber chose. */
export function signAcmePayload(secret: string, body: Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;
}

async function emit(workspace: string, type: (typeof ACME_WEBHOOK_EVENTS)[number], actor: AcmeActor, data: unknown, previous: Record<string, unknown> = {}) {
  const payload = { id: newAcmeId("evt"), type, created_at: sandboxNow().toISOString(), workspace, actor, data, previous };
  const body = Buffer.from(JSON.stringify(payload));
  for (const hook of await repo.listWebhooks(workspace)) {
    if (!hook.events.includes(type)) continue;
    dispatchDelivery({
      provider: "acme",
      event: type,
      target: `acme-webhook:${hook.id}`,
      url: hook.url,
      headers: {
        "content-type": "application/json",
        "user-agent": "Acme-Webhooks/sandbox",
        "x-acme-event": type,
        "x-acme-delivery": randomUUID(),
        "x-acme-signature": signAcmePayload(hook.secret, body),
      },
      body,
    });
  }
}

export async function createAccount(workspace: string, fields: repo.AcmeAccountFields) {
  return repo.insertAccount(workspace, newAcmeId("acc"), fields, sandboxNow());
}

export async function updateAccount(workspace: string, id: string, fields: Partial<repo.AcmeAccountFields>) {
  if (!(await repo.findAccount(workspace, id))) throw new AcmeApiError(404, "not_found", `No account ${id} in this workspace.`);
  return repo.updateAccount(id, fields, sandboxNow());
}

async function checkAccount(workspace: string, accountId: string | null | undefined) {
  if (accountId && !(await repo.findAccount(workspace, accountId)))
    throw new AcmeApiError(422, "invalid_account", `account_id: no account ${accountId} in this workspace.`);
}

export async function createOpportunity(workspace: string, actor: AcmeActor, fields: repo.AcmeOpportunityFields) {
  await checkAccount(workspace, fields.accountId);
  const opportunity = await repo.insertOpportunity(workspace, newAcmeId("opp"), fields, sandboxNow());
  await emit(workspace, "opportunity.created", actor, opportunityJson(opportunity));
  return opportunity;
}

/** PATCH semantics: changed fields only; a webhook names what they were before (`previous`). */
export async function updateOpportunity(workspace: string, actor: AcmeActor, id: string, fields: Partial<repo.AcmeOpportunityFields>) {
  const existing = await repo.findOpportunity(workspace, id);
  if (!existing) throw new AcmeApiError(404, "not_found", `No opportunity ${id} in this workspace.`);
  await checkAccount(workspace, fields.accountId);
  const before = opportunityJson(existing) as Record<string, unknown>;
  const updated = await repo.updateOpportunity(id, fields, sandboxNow());
  const after = opportunityJson(updated) as Record<string, unknown>;
  const previous = Object.fromEntries(
    Object.keys(after)
      .filter((key) => key !== "updated_at" && before[key] !== after[key])
      .map((key) => [key, before[key]]),
  );
  if (Object.keys(previous).length > 0) await emit(workspace, "opportunity.updated", actor, after, previous);
  return updated;
}
