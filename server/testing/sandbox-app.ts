/**
 * One local HTTP server playing the whole app for the examples' acceptance tests: the sandbox (its
 * APIs, token and consent-decision endpoints), the OAuth start/callback routes and the webhook
 * ingest `/api/hooks/<token>`, so the sandbox's outgoing webhooks reach our ingest and the worker's
 * actions reach the sandbox over real HTTP. Plus the organization a vendor sets up to use it and a
 * customer's sign-in through the sandbox's consent page.
 */
import { randomBytes } from "node:crypto";
import { expect, inject } from "vitest";
import { POST as hookRoute } from "@/app/api/hooks/[token]/route";
import { connectorRegistry } from "@/server/connectors/registry";
import { db } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { beginOAuth } from "@/server/modules/connections/oauth-begin.service";
import { handleOAuthCallback, handleOAuthStart } from "@/server/modules/connections/oauth-routes";
import { organizationNetwork, type OAuthSettings } from "@/server/modules/connections/oauth-settings";
import { runResultPage } from "@/server/testing/oauth-test-popup";
import { createOAuthApp } from "@/server/modules/oauth-apps/oauth-apps.service";
import { SANDBOX_OAUTH, type SandboxProvider } from "@/server/sandbox/config";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { ensureSandboxOAuthClient } from "@/server/sandbox/oauth/oauth.service";
import { routeSandboxRequest } from "@/server/sandbox/router";
import { createOrganizationWithMember, testRuntimeConfig } from "@/server/testing/factories";
import { serveFetchHandler } from "@/server/testing/fetch-server";
import { waitFor } from "@/server/testing/test-worker";

export interface SandboxApp {
  origin: string;
  settings: OAuthSettings;
  close(): Promise<void>;
}

/** Starts the server and makes it the runtime's public URL (the deploy flows hand providers its endpoint URLs). */
export async function startSandboxApp(): Promise<SandboxApp> {
  let settings: OAuthSettings | undefined;
  const { origin, close } = await serveFetchHandler(async (request) => {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/sandbox/")) return routeSandboxRequest(request);
    if (url.pathname === "/api/oauth/start") return handleOAuthStart(request, settings!);
    if (url.pathname === "/api/oauth/callback") return handleOAuthCallback(request, settings!);
    const hook = /^\/api\/hooks\/([^/]+)$/.exec(url.pathname);
    if (hook) return hookRoute(request, { params: Promise.resolve({ token: hook[1] }) });
    return new Response("not found", { status: 404 });
  });
  useRuntimeConfig({ ...testRuntimeConfig(inject("databaseUrl")), publicUrl: origin });
  settings = { publicUrl: origin, registry: connectorRegistry, network: organizationNetwork(origin, true) };
  return {
    origin,
    settings,
    async close() {
      await settleSandboxDeliveries();
      useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
      await close();
    },
  };
}

/** An organization whose OAuth apps for `providers` point at the sandbox (clients registered there), allowed to call the app's origin. */
export async function vendorOrganization(app: SandboxApp, providers: readonly SandboxProvider[], options: { tokenLifetimeSeconds?: number } = {}) {
  const { organization } = await createOrganizationWithMember();
  await db().organization.update({ where: { id: organization.id }, data: { networkAllowList: [app.origin] } });
  const clientIds: Partial<Record<SandboxProvider, string>> = {};
  for (const provider of providers) {
    const clientId = `${provider}-${randomBytes(4).toString("hex")}`;
    const clientSecret = randomBytes(16).toString("hex");
    clientIds[provider] = clientId;
    await ensureSandboxOAuthClient(provider, { clientId, clientSecret, redirectUris: [`${app.origin}/api/oauth/callback`], ...options });
    const paths = SANDBOX_OAUTH[provider];
    await createOAuthApp(organization.id, {
      provider,
      clientId,
      clientSecret,
      scopes: paths.scopes,
      authorizeUrl: `${app.origin}${paths.authorize}`,
      tokenUrl: `${app.origin}${paths.token}`,
      apiBaseUrl: `${app.origin}${paths.api}`,
    });
  }
  return { ...organization, clientIds };
}

/** The customer's popup over HTTP: start link → provider consent (Approve as `accountId`) → callback; answers the new connection's id. */
export async function connectOverHttp(
  app: SandboxApp,
  scope: { organizationId: string; customerId: string },
  connector: SandboxProvider,
  accountId: number,
): Promise<string> {
  const { startUrl } = await beginOAuth(scope, { connector, key: connector }, app.settings);
  const start = await fetch(startUrl, { redirect: "manual" });
  expect(start.status).toBe(302);
  const cookie = (start.headers.get("set-cookie") ?? "").split(";")[0];
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin).toBe(app.origin);
  const q = authorize.searchParams;
  // What the consent page's form posts when the customer presses Approve.
  const form = new URLSearchParams({
    provider: connector,
    client_id: q.get("client_id") ?? "",
    redirect_uri: q.get("redirect_uri") ?? "",
    scope: q.get("scope") ?? "",
    state: q.get("state") ?? "",
    code_challenge: q.get("code_challenge") ?? "",
    code_challenge_method: q.get("code_challenge_method") ?? "",
    account_id: String(accountId),
    decision: "approve",
  });
  const decided = await fetch(`${app.origin}/sandbox/oauth/decision`, { method: "POST", body: form, redirect: "manual" });
  expect(decided.status).toBe(303);
  const callback = await fetch(decided.headers.get("location")!, { headers: { cookie }, redirect: "manual" });
  expect(callback.status).toBe(200);
  const message = runResultPage(await callback.text()).posted[0]?.message as { ok?: boolean; connectionId?: string; error?: string } | undefined;
  if (!message?.ok || !message.connectionId) throw new Error(`connecting ${connector} failed: ${JSON.stringify(message)}`);
  return message.connectionId;
}

/** Waits until the sandbox sent every delivery and the worker finished every execution of the instance. */
export async function quiesce(instanceId: string, rounds = 3) {
  for (let round = 0; round < rounds; round++) {
    await settleSandboxDeliveries();
    await waitFor(
      async () => (await db().execution.count({ where: { instanceId, status: { in: ["queued", "running", "waiting"] } } })) === 0,
      "the instance's executions to finish",
    );
  }
}
