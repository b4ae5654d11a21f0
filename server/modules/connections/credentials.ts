/**
 * What a Connection's `credentialsEncrypted` holds once opened, and the narrowing to what an action
 * gets. Refresh tokens and client secrets stay here: actions only ever see a current access token.
 */
import type { ResolvedAuth } from "@/server/connectors/framework/auth";
import type { ResolvedConnection } from "@/server/connectors/framework/context";

export interface OAuthCredentials {
  kind: "oauth2";
  accessToken: string;
  tokenType?: string;
  refreshToken?: string;
  /** Granted scopes as the provider reported them (or as requested, when it did not say). */
  scopes?: string[];
  grant?: "authorization_code" | "client_credentials";
  /** For client_credentials connections made with the customer's own client: needed to fetch the next token. */
  clientId?: string;
  clientSecret?: string;
}

/** Stored (encrypted) form of a connection's credentials. */
export type StoredCredentials = (OAuthCredentials | Exclude<ResolvedAuth, { kind: "oauth2" }>) & { baseUrl?: string };

/** The parts of a Connection row that resolution looks at. */
export interface ConnectionRow {
  id: string;
  organizationId: string;
  connector: string;
  accountLabel: string | null;
  credentialsEncrypted: string;
  status: "active" | "broken";
  statusReason: string | null;
  expiresAt: Date | null;
  /** When the credentials were last renewed (null until the first renewal; then `updatedAt` tells when they were written). */
  refreshedAt: Date | null;
  updatedAt: Date;
}

/** `row` with its id (and pause) when it is a stored connection an execution calls through (its rate budget). */
export function toResolvedConnection(
  row: Pick<ConnectionRow, "connector" | "accountLabel"> & { id?: string; pausedUntil?: Date | null },
  stored: StoredCredentials,
): ResolvedConnection {
  const { baseUrl } = stored;
  let auth: ResolvedAuth;
  if (stored.kind === "oauth2") auth = { kind: "oauth2", accessToken: stored.accessToken, ...(stored.tokenType ? { tokenType: stored.tokenType } : {}) };
  else if (stored.kind === "apiKey") auth = { kind: "apiKey", key: stored.key, ...(stored.placement ? { placement: stored.placement } : {}) };
  else if (stored.kind === "basic") auth = { kind: "basic", username: stored.username, password: stored.password };
  else if (stored.kind === "credentials") auth = { kind: "credentials", method: stored.method, values: stored.values };
  else auth = { kind: "none" };
  return {
    connector: row.connector,
    auth,
    accountLabel: row.accountLabel ?? undefined,
    ...(baseUrl ? { baseUrl } : {}),
    ...(row.id ? { stored: { id: row.id, pausedUntil: row.pausedUntil ?? null } } : {}),
  };
}
