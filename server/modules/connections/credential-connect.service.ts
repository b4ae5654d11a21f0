/**
 * Connections made from credentials typed in rather than signed in for: a GitHub personal access
 * token, a Slack bot token, a Zendesk API token, an SFTP login. No browser, so a vendor's backend
 * can connect a customer's accounts headlessly. The values are checked against the method's fields,
 * then with the provider when the connector can (its account-label hook), and stored encrypted.
 */
import { methodFields, methodId, typedMethods, type ResolvedAuth, type TypedAuthMethod } from "@/server/connectors/framework/auth";
import { parseCredentialValues, type CredentialValues } from "@/server/connectors/framework/credential-fields";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";
import { NonRetryableError, RetryableError } from "@/server/engine/errors";
import { AppError } from "@/server/errors";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { findInstance } from "@/server/modules/instances/instances.repo";
import { oauthClientFor } from "@/server/modules/oauth-apps/oauth-apps.service";
import { findConnection } from "./connections.repo";
import type { ConnectionSummary } from "./connections.schema";
import type { StoredCredentials } from "./credentials";
import { checkFailure, type CheckAudience } from "./check-failure";
import { accountLabelOf } from "./label-account";
import type { OAuthSettings } from "./oauth-settings";
import { storeConnection } from "./store-connection";

export interface CredentialConnectInput {
  connector: string;
  /** The manifest connection key this is for (`github`); defaults to the connector key. */
  key?: string;
  /** One of the connector's typed methods; may be left out when it has only one. */
  method?: string;
  credentials: Record<string, unknown>;
  /** Where the account's API lives when not the connector's default (GitHub Enterprise Server, the sandbox). */
  baseUrl?: string;
  /** Connect this instance's connection (replacing its credentials when it has one). */
  instanceId?: string;
  /** Replace this connection's credentials in place (a broken one, usually). */
  connectionId?: string;
}

type Scope = { organizationId: string; customerId: string };

function connectorOf(settings: Pick<OAuthSettings, "registry">, key: string): Connector {
  const connector = settings.registry.get(key);
  if (!connector) throw new AppError("NOT_FOUND", `There is no connector "${key}" in this deployment.`, { field: "connector" });
  return connector;
}

function pickMethod(connector: Connector, requested: string | undefined): TypedAuthMethod {
  const methods = typedMethods(connector.auth);
  const ids = methods.map(methodId);
  if (methods.length === 0)
    throw new AppError("BAD_REQUEST", `${connector.name} connects only by signing in (OAuth), not with typed-in credentials.`, { field: "connector" });
  if (requested === undefined) {
    if (methods.length === 1) return methods[0]!;
    throw new AppError("BAD_REQUEST", `${connector.name} accepts several kinds of credentials; say which one in "method" (${ids.join(", ")}).`, {
      field: "method",
    });
  }
  const method = methods.find((m) => methodId(m) === requested);
  if (!method) throw new AppError("BAD_REQUEST", `${connector.name} has no "${requested}" credentials; use one of: ${ids.join(", ")}.`, { field: "method" });
  return method;
}

function checkedValues(method: TypedAuthMethod, input: Record<string, unknown>): CredentialValues {
  const { values, problems } = parseCredentialValues(methodFields(method), input);
  if (problems.length === 0 && method.kind === "credentials" && method.validate) problems.push(...method.validate(values));
  if (problems.length > 0) {
    throw new AppError("BAD_REQUEST", problems.map((p) => `credentials.${p.field} ${p.message}`).join("; "), { field: `credentials.${problems[0]!.field}` });
  }
  return values;
}

function resolvedAuthOf(method: TypedAuthMethod, values: CredentialValues): Exclude<ResolvedAuth, { kind: "none" | "oauth2" }> {
  if (method.kind === "apiKey") return { kind: "apiKey", key: String(values.apiKey) };
  if (method.kind === "basic") return { kind: "basic", username: String(values.username), password: String(values.password) };
  return { kind: "credentials", method: methodId(method), values };
}

/**
 * Where the account's API lives: as given; as the method derives it from the values (a Zendesk
 * subdomain); else where the organization's OAuth app for the provider says its API is (GitHub
 * Enterprise Server, the sandbox); else the connector's default.
 */
async function baseUrlOf(
  organizationId: string,
  connector: Connector,
  method: TypedAuthMethod,
  values: CredentialValues,
  given: string | undefined,
): Promise<string | undefined> {
  if (given !== undefined) {
    const url = URL.canParse(given) ? new URL(given) : null;
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
      throw new AppError("BAD_REQUEST", "baseUrl must be an http(s) URL without credentials in it.", { field: "baseUrl" });
    }
    return given.replace(/\/+$/, "");
  }
  const derived = method.kind === "credentials" ? method.baseUrl?.(values) : undefined;
  if (derived) return derived;
  const configured = (await oauthClientFor(organizationId, connector))?.apiBaseUrl;
  if (configured) return configured;
  const speaksHttp = method.kind !== "credentials" || method.authorize !== undefined;
  if (speaksHttp && !connector.baseUrl) throw new AppError("BAD_REQUEST", `${connector.name} needs the account's API URL in "baseUrl".`, { field: "baseUrl" });
  return undefined;
}

/** The provider's verdict on the credentials, or why there is none, as an answer the caller can act on. */
function refusal(connector: Connector, error: unknown, audience: CheckAudience): AppError {
  const reason = (error as Error).message;
  if (isHttpError(error) && (error.status === 401 || error.status === 403)) {
    return new AppError("UNPROCESSABLE_CONTENT", `${connector.name} refused these credentials (${reason}).`, { field: "credentials" });
  }
  let vendorAnswer = new AppError(
    "UNPROCESSABLE_CONTENT",
    `${connector.name} answered the credentials check unexpectedly; check the credentials and the base URL.`,
    { field: "credentials" },
  );
  if (error instanceof RetryableError)
    vendorAnswer = new AppError("SERVICE_UNAVAILABLE", `Could not reach ${connector.name} to check these credentials (${reason}); try again in a moment.`);
  else if (error instanceof NonRetryableError)
    vendorAnswer = new AppError("UNPROCESSABLE_CONTENT", `${connector.name} did not accept these credentials: ${reason}`, { field: "credentials" });
  return checkFailure(connector.name, error, audience, vendorAnswer);
}

async function checkTargets(scope: Scope, input: CredentialConnectInput, connector: Connector, key: string): Promise<void> {
  if (!(await findCustomer(scope.organizationId, scope.customerId)))
    throw new AppError("NOT_FOUND", "No such customer in this organization.", { field: "customerId" });
  if (input.instanceId) {
    const instance = await findInstance(scope.organizationId, input.instanceId);
    if (!instance || instance.customerId !== scope.customerId) throw new AppError("NOT_FOUND", "No such instance for this customer.", { field: "instanceId" });
  }
  if (input.connectionId) {
    const existing = await findConnection(scope, input.connectionId);
    if (!existing) throw new AppError("NOT_FOUND", "No such connection for this customer.", { field: "connectionId" });
    if (existing.connector !== connector.key || existing.key !== key) {
      throw new AppError(
        "BAD_REQUEST",
        `Connection ${input.connectionId} is a "${existing.key}" ${existing.connector} connection, not "${key}" ${connector.key}.`,
        { field: "connectionId" },
      );
    }
  }
}

export async function connectWithCredentials(
  scope: Scope,
  input: CredentialConnectInput,
  settings: Omit<OAuthSettings, "publicUrl">,
  audience: CheckAudience = "vendor",
): Promise<ConnectionSummary> {
  const connector = connectorOf(settings, input.connector);
  const key = input.key ?? connector.key;
  const method = pickMethod(connector, input.method);
  const values = checkedValues(method, input.credentials);
  const baseUrl = await baseUrlOf(scope.organizationId, connector, method, values, input.baseUrl);
  await checkTargets(scope, input, connector, key);
  const auth = resolvedAuthOf(method, values);
  let accountLabel: string | undefined;
  try {
    accountLabel = await accountLabelOf(connector, auth, baseUrl, await settings.network(scope.organizationId), settings.http);
  } catch (error) {
    throw refusal(connector, error, audience);
  }
  const stored: StoredCredentials = { ...auth, ...(baseUrl ? { baseUrl } : {}) };
  const saved = await storeConnection({
    organizationId: scope.organizationId,
    customerId: scope.customerId,
    instanceId: input.instanceId ?? null,
    connectionId: input.connectionId ?? null,
    key,
    connector: connector.key,
    accountLabel,
    stored,
    expiresAt: null,
  });
  const { customerId: _customer, expiresAt: _expires, ...summary } = saved;
  return summary;
}
