import { env, publicUrlOf, runtimeConfig } from "@/server/env";
import { isLocalClient } from "@/server/http/client-headers";

export type SandboxProvider = "github" | "zendesk" | "slack" | "salesforce" | "acme";
export const SANDBOX_PROVIDERS: readonly SandboxProvider[] = ["github", "zendesk", "slack", "salesforce", "acme"];

/**
 * Where each simulated provider's OAuth pages and API live below the public URL, and the scopes
 * an OAuth app asks for: what a vendor's OAuth app points at to use the sandbox.
 */
export const SANDBOX_OAUTH: Record<SandboxProvider, { authorize: string; token: string; api: string; scopes: string[] }> = {
  github: {
    authorize: "/sandbox/github/login/oauth/authorize",
    token: "/sandbox/github/login/oauth/access_token",
    api: "/sandbox/github/api",
    scopes: ["repo", "admin:repo_hook"],
  },
  zendesk: {
    authorize: "/sandbox/zendesk/oauth/authorizations/new",
    token: "/sandbox/zendesk/oauth/tokens",
    api: "/sandbox/zendesk",
    scopes: ["read", "write"],
  },
  slack: {
    authorize: "/sandbox/slack/oauth/v2/authorize",
    token: "/sandbox/slack/api/oauth.v2.access",
    api: "/sandbox/slack/api",
    scopes: ["chat:write", "channels:read", "channels:history"],
  },
  // The API base of a Salesforce connection is the token answer's instance_url; this one is the same place.
  salesforce: {
    authorize: "/sandbox/salesforce/services/oauth2/authorize",
    token: "/sandbox/salesforce/services/oauth2/token",
    api: "/sandbox/salesforce",
    scopes: ["api", "refresh_token"],
  },
  acme: {
    authorize: "/sandbox/acme/oauth/authorize",
    token: "/sandbox/acme/oauth/token",
    api: "/sandbox/acme/api/v1",
    scopes: ["accounts", "opportunities", "webhooks"],
  },
};

export function isSandboxProvider(value: unknown): value is SandboxProvider {
  return typeof value === "string" && (SANDBOX_PROVIDERS as readonly string[]).includes(value);
}

/** Whether /sandbox is on at all; off in production unless SANDBOX_ENABLED says otherwise. */
export function sandboxEnabled(): boolean {
  return runtimeConfig().sandboxEnabled;
}

/**
 * Whether /sandbox answers this request: the sandbox is on, and, when it is on for this machine
 * only (SANDBOX_ENABLED=local, the embedded default), the web server's front door found the client
 * on this machine. To anyone else every /sandbox page and route is a 404, as if it did not exist:
 * the demo vendor page there signs its visitors in to the demo organization.
 */
export function sandboxServes(headers: Headers): boolean {
  const config = runtimeConfig();
  return config.sandboxEnabled && (!config.sandboxLocalOnly || isLocalClient(headers));
}

/**
 * Where a simulated provider lives, for the URLs inside API payloads (html_url, url). Read from
 * the environment only (no database or secrets needed), so route handlers under test can call it.
 */
export function sandboxBaseUrl(provider: SandboxProvider): string {
  return `${publicUrlOf(env())}/sandbox/${provider}`;
}

/**
 * What flows, data sources and credential checks may reach of this app while the sandbox is on:
 * the simulated providers under `/sandbox/` on its own origin (and on 127.0.0.1 at its port),
 * nothing else. Empty when the sandbox is off. The app's other routes on loopback are refused by
 * the SSRF guard like any loopback address.
 */
export function sandboxAllowances(publicUrl: string, enabled: boolean): string[] {
  if (!enabled) return [];
  const own = new URL(publicUrl);
  const port = own.port || (own.protocol === "https:" ? "443" : "80");
  return [`${own.origin}/sandbox/`, `http://127.0.0.1:${port}/sandbox/`];
}
