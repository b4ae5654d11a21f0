import { db } from "@/server/db/client";
import type { SandboxProvider } from "@/server/sandbox/config";

export interface SandboxAccountInput {
  login: string;
  name: string;
  email: string;
  workspace?: string | null;
  role?: string;
}

/** Creates the account or returns the existing one with that login (seeding is idempotent). */
export function ensureSandboxAccount(provider: SandboxProvider, input: SandboxAccountInput) {
  return db().sandboxAccount.upsert({
    where: { provider_login: { provider, login: input.login } },
    create: { provider, login: input.login, name: input.name, email: input.email, workspace: input.workspace ?? null, role: input.role ?? "user" },
    update: {},
  });
}

export function findSandboxAccount(id: number) {
  return db().sandboxAccount.findUnique({ where: { id } });
}

export function findSandboxAccountByLogin(provider: SandboxProvider, login: string) {
  return db().sandboxAccount.findUnique({ where: { provider_login: { provider, login } } });
}

/** The accounts a person may authorize as on a consent page (Zendesk: agents only, as only agents hold OAuth tokens). */
export function listConsentAccounts(provider: SandboxProvider) {
  return db().sandboxAccount.findMany({
    where: { provider, ...(provider === "zendesk" ? { role: "agent" } : {}) },
    orderBy: { id: "asc" },
  });
}

export function findAccountsByIds(ids: number[]) {
  return db().sandboxAccount.findMany({ where: { id: { in: [...new Set(ids)] } } });
}
