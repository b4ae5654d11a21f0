import { createHash, randomBytes } from "node:crypto";

import type { ResolvedAuth } from "@/server/connectors/framework/auth";
import { createActionContext, createConnectorContext, type ConnectorRuntime } from "@/server/connectors/framework/context";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { runConnectorAction, runDataSource } from "@/server/connectors/framework/run-member";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { memoryState, recordingSleep, recordSink, silentLogger } from "@/server/connectors/testing/local-server";
import { findSandboxAccountByLogin } from "@/server/sandbox/accounts.repo";
import { SANDBOX_OAUTH, type SandboxProvider } from "@/server/sandbox/config";
import { decideAuthorization, ensureSandboxOAuthClient, exchangeToken } from "@/server/sandbox/oauth/oauth.service";
import type { SandboxServer } from "@/server/sandbox/testing/sandbox-server";

/** Shared by the sandbox and connector tests: an OAuth app, a PKCE pair, tokens, a connector runtime. */
export const REDIRECT_URI = "https://switchyard.test/api/oauth/callback";

export function pkcePair() {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export async function registerTestClient(
  provider: SandboxProvider,
  options: { tokenLifetimeSeconds?: number; eventsUrl?: string; signingSecret?: string } = {},
) {
  const clientId = `test-${provider}-${randomBytes(4).toString("hex")}`;
  const clientSecret = randomBytes(16).toString("hex");
  await ensureSandboxOAuthClient(provider, { clientId, clientSecret, redirectUris: [REDIRECT_URI], ...options });
  return { clientId, clientSecret };
}

/** Runs consent (approve as `login`) and the code exchange, as the platform's connect flow does. */
export async function connectAs(provider: SandboxProvider, login: string, client: { clientId: string; clientSecret: string }, scope = "read") {
  const account = await findSandboxAccountByLogin(provider, login);
  if (!account) throw new Error(`seed the sandbox first: no ${provider} account ${login}`);
  const pkce = pkcePair();
  const params = { clientId: client.clientId, redirectUri: REDIRECT_URI, scope, state: "s1", codeChallenge: pkce.challenge, codeChallengeMethod: "S256" };
  const decision = await decideAuthorization(provider, params, { approve: true, accountId: account.id });
  if (!("redirectTo" in decision)) throw new Error(decision.error);
  const code = new URL(decision.redirectTo).searchParams.get("code")!;
  const outcome = await exchangeToken(provider, {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: pkce.verifier,
    client_id: client.clientId,
    client_secret: client.clientSecret,
  });
  if (!outcome.ok) throw new Error(outcome.description);
  return outcome.grant;
}

export function testRuntime(network: NetworkPolicy): ConnectorRuntime & { records: ReturnType<typeof recordSink>["records"] } {
  const sink = recordSink();
  return {
    network,
    onRecord: sink.onRecord,
    records: sink.records,
    state: memoryState(),
    log: silentLogger,
    signal: new AbortController().signal,
    http: { sleep: recordingSleep().sleep },
  };
}

/** A connector bound to one sandbox connection, with helpers to run its members the way flows and the wizard do. */
export function sandboxConnection(connector: Connector, server: SandboxServer, provider: SandboxProvider, accessToken: string) {
  const apiBase = SANDBOX_OAUTH[provider].api;
  const auth: ResolvedAuth = { kind: "oauth2", accessToken };
  const connection = { key: provider, connector: connector.key, auth, baseUrl: `${server.origin}${apiBase}` };
  const runtime = testRuntime(server.policy);
  let step = 0;
  return {
    runtime,
    context: () => createConnectorContext(connector, connection, runtime),
    action: (name: string, input: unknown) => runConnectorAction(connector, name, createActionContext(connector, connection, runtime, `test-${++step}`), input),
    dataSource: (name: string, query: { search?: string; cursor?: string } = {}) =>
      runDataSource(connector, name, createConnectorContext(connector, connection, runtime), query),
  };
}
