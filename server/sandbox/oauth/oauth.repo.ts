import { db } from "@/server/db/client";
import type { SandboxProvider } from "@/server/sandbox/config";

export interface SandboxOAuthClientInput {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** Access token lifetime; tests use a couple of seconds to exercise refresh. */
  tokenLifetimeSeconds?: number;
  /** Slack only: the app's Events API request URL and signing secret. */
  eventsUrl?: string | null;
  signingSecret?: string | null;
}

export function upsertOAuthClient(provider: SandboxProvider, input: SandboxOAuthClientInput) {
  const fields = {
    provider,
    clientSecret: input.clientSecret,
    redirectUris: input.redirectUris,
    ...(input.tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds: input.tokenLifetimeSeconds } : {}),
    ...(input.eventsUrl !== undefined ? { eventsUrl: input.eventsUrl } : {}),
    ...(input.signingSecret !== undefined ? { signingSecret: input.signingSecret } : {}),
  };
  return db().sandboxOAuthClient.upsert({ where: { clientId: input.clientId }, create: { clientId: input.clientId, ...fields }, update: fields });
}

export function findOAuthClient(provider: SandboxProvider, clientId: string) {
  return db().sandboxOAuthClient.findFirst({ where: { provider, clientId } });
}

/** Slack apps with an Events API URL that were installed (issued a token) for someone in the workspace. */
export async function installedSlackApps(workspace: string) {
  const clients = await db().sandboxOAuthClient.findMany({ where: { provider: "slack", eventsUrl: { not: null } } });
  if (clients.length === 0) return [];
  const installs = await db().sandboxOAuthToken.findMany({
    where: { provider: "slack", clientId: { in: clients.map((c) => c.clientId) } },
    select: { clientId: true, accountId: true },
    distinct: ["clientId", "accountId"],
  });
  const members = new Set((await db().sandboxAccount.findMany({ where: { provider: "slack", workspace }, select: { id: true } })).map((a) => a.id));
  const installed = new Set(installs.filter((i) => members.has(i.accountId)).map((i) => i.clientId));
  return clients.filter((c) => installed.has(c.clientId));
}

export function insertAuthorizationCode(data: {
  codeHash: string;
  clientId: string;
  accountId: number;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: string | null;
  expiresAt: Date;
}) {
  return db().sandboxOAuthCode.create({ data });
}

/**
 * Marks a code used and answers it, or null when it was already used: the conditional update
 * makes two concurrent exchanges of one code yield one winner.
 */
export async function consumeAuthorizationCode(codeHash: string, now: Date) {
  const claimed = await db().sandboxOAuthCode.updateMany({ where: { codeHash, usedAt: null }, data: { usedAt: now } });
  if (claimed.count === 0) return null;
  return db().sandboxOAuthCode.findUnique({ where: { codeHash } });
}

export function insertTokens(
  rows: Array<{
    tokenHash: string;
    kind: "access" | "refresh";
    provider: SandboxProvider;
    clientId: string;
    accountId: number;
    scopes: string[];
    expiresAt: Date | null;
  }>,
) {
  return db().sandboxOAuthToken.createMany({ data: rows });
}

/** Revokes an access token (a person deleting a token in the provider's settings); false when unknown or already revoked. */
export async function revokeAccessToken(provider: SandboxProvider, tokenHash: string, now: Date): Promise<boolean> {
  const { count } = await db().sandboxOAuthToken.updateMany({ where: { tokenHash, provider, kind: "access", revokedAt: null }, data: { revokedAt: now } });
  return count > 0;
}

export function findToken(tokenHash: string) {
  return db().sandboxOAuthToken.findUnique({ where: { tokenHash } });
}

/** Revokes a refresh token once; null when it was already revoked (reuse, or a concurrent refresh won). */
export async function revokeRefreshToken(tokenHash: string, now: Date): Promise<boolean> {
  const claimed = await db().sandboxOAuthToken.updateMany({ where: { tokenHash, kind: "refresh", revokedAt: null }, data: { revokedAt: now } });
  return claimed.count === 1;
}

export function recordTokenRequest(data: { provider: SandboxProvider; clientId: string | null; grantType: string | null; outcome: string }) {
  return db().sandboxTokenRequest.create({ data });
}

export function countTokenRequests(where: { provider?: SandboxProvider; clientId?: string; grantType?: string; outcome?: string; since?: Date }) {
  const { since, ...rest } = where;
  return db().sandboxTokenRequest.count({ where: { ...rest, ...(since ? { createdAt: { gte: since } } : {}) } });
}
