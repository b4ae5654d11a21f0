import { oauth2Method } from "@/server/connectors/framework/auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import type { ConnectorRegistry } from "@/server/connectors/registry";
import { openJson, sealJson } from "@/server/crypto/keyring";
import { AppError } from "@/server/errors";
import { assertOAuthProvider } from "./oauth-providers";
import { deleteOAuthApp, findOAuthAppByProvider, insertOAuthApp, listOAuthApps, updateOAuthApp, type OAuthAppData } from "./oauth-apps.repo";
import { createOAuthAppSchema, updateOAuthAppSchema, type CreateOAuthAppInput, type OAuthAppSummary, type UpdateOAuthAppInput } from "./oauth-apps.schema";

type AppRow = NonNullable<Awaited<ReturnType<typeof findOAuthAppByProvider>>>;

/** An app without a secret (a public client relying on PKCE alone) stores the empty string. */
const NO_SECRET = "";

function toSummary(row: AppRow): OAuthAppSummary {
  const { clientSecretEncrypted, ...rest } = row;
  return { ...rest, hasClientSecret: clientSecretEncrypted !== NO_SECRET };
}

export async function oauthAppsOf(organizationId: string): Promise<OAuthAppSummary[]> {
  return (await listOAuthApps(organizationId)).map(toSummary);
}

/** `registry`: the connectors an app may be for (this deployment's unless a test brings its own). */
export async function createOAuthApp(
  organizationId: string,
  input: CreateOAuthAppInput,
  options: { registry?: ConnectorRegistry } = {},
): Promise<OAuthAppSummary> {
  const parsed = createOAuthAppSchema.parse(input);
  assertOAuthProvider(parsed.provider, options.registry);
  if (await findOAuthAppByProvider(organizationId, parsed.provider)) {
    throw new AppError("CONFLICT", `There is already an OAuth app for ${parsed.provider}; edit it instead.`, { field: "provider" });
  }
  const data: OAuthAppData = {
    clientId: parsed.clientId,
    clientSecretEncrypted: parsed.clientSecret ? sealJson(parsed.clientSecret) : NO_SECRET,
    scopes: parsed.scopes,
    authorizeUrl: parsed.authorizeUrl ?? null,
    tokenUrl: parsed.tokenUrl ?? null,
    apiBaseUrl: parsed.apiBaseUrl ?? null,
  };
  try {
    return toSummary(await insertOAuthApp(organizationId, parsed.provider, data));
  } catch (error) {
    // Two admins saving at once: the unique (organization, provider) index decides.
    if ((error as { code?: string }).code === "P2002") throw new AppError("CONFLICT", `There is already an OAuth app for ${parsed.provider}; edit it instead.`);
    throw error;
  }
}

export async function updateOAuthAppSettings(organizationId: string, input: UpdateOAuthAppInput): Promise<OAuthAppSummary> {
  const { id, clientSecret, ...fields } = updateOAuthAppSchema.parse(input);
  const data: Partial<OAuthAppData> = {};
  if (fields.clientId !== undefined) data.clientId = fields.clientId;
  if (fields.scopes !== undefined) data.scopes = fields.scopes;
  // `undefined` keeps an override, `null` clears it.
  for (const name of ["authorizeUrl", "tokenUrl", "apiBaseUrl"] as const) if (fields[name] !== undefined) data[name] = fields[name];
  if (clientSecret !== undefined) data.clientSecretEncrypted = sealJson(clientSecret);
  const updated = await updateOAuthApp(organizationId, id, data);
  if (!updated) throw new AppError("NOT_FOUND", "No OAuth app with that id in this organization.");
  return toSummary(updated);
}

export async function removeOAuthApp(organizationId: string, id: string): Promise<void> {
  if (!(await deleteOAuthApp(organizationId, id))) throw new AppError("NOT_FOUND", "No OAuth app with that id in this organization.");
}

/** The organization's app merged over the connector's defaults: what a token request actually uses. */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string;
  authorizeUrl?: string;
  tokenUrl: string;
  scopes: string[];
  /** Where the connection's API calls go instead of the connector's base URL (the sandbox, a self-hosted instance). */
  apiBaseUrl?: string;
}

/**
 * Resolves the client for `connector` in `organizationId`. Overrides win over the connector's
 * URLs and scopes, which is how the demo points GitHub at the sandbox. Returns null when the
 * vendor has not set an app up.
 */
export async function oauthClientFor(organizationId: string, connector: Connector): Promise<OAuthClient | null> {
  const auth = oauth2Method(connector.auth);
  if (!auth) return null;
  const app = await findOAuthAppByProvider(organizationId, connector.key);
  if (!app) return null;
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecretEncrypted === NO_SECRET ? undefined : openJson<string>(app.clientSecretEncrypted),
    authorizeUrl: app.authorizeUrl ?? (auth.grant === "authorization_code" ? auth.authorizeUrl : undefined),
    tokenUrl: app.tokenUrl ?? auth.tokenUrl,
    scopes: app.scopes.length > 0 ? app.scopes : [...auth.scopes],
    apiBaseUrl: app.apiBaseUrl ?? undefined,
  };
}
