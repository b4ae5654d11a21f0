import { env, publicUrlOf, runtimeConfig } from "@/server/env";

export type SandboxProvider = "github" | "zendesk" | "slack" | "salesforce" | "acme";
export const SANDBOX_PROVIDERS: readonly SandboxProvider[] = ["github", "zendesk", "slack", "salesforce", "acme"];

/**
 * Where each simulated provider's OAuth pages and API live below the public URL, and the scopes
 * an OAuth app asks for: what a vendor's OAuth app points at to use the sandbox.
 */
export const SANDBOX_OAUTH: Record<SandboxProvider, { authorize: string; token: string; api: string; scopes: string[] }> = {
  github: { authorize: "/sandbox/github/login/oauth/authorize", token: "/sandbox/github/login/oauth/access_token", api: "/sandbox/github/api", scopes: ["repo", "admin:repo_hook"] },
  zendesk: { authorize: "/sandbox/zendesk/oauth/authorizations/new", token: "/sandbox/zendesk/oauth/tokens", api: "/sandbox/zendesk", scopes: ["read", "write"] },
  slack: { authorize: "/sandbox/slack/oauth/v2/authorize", token: "/sandbox/slack/api/oauth.v2.access", api: "/sandbox/slack/api", scopes: ["chat:write", "channels:read", "channels:history"] },
  // The API base of a Salesforce connection is the token answer's instance_url; this one is the same place.
  salesforce: { authorize: "/sandbox/salesforce/services/oauth2/authorize", token: "/sandbox/salesforce/services/oauth2/token", api: "/sandbox/salesforce", scopes: ["api", "refresh_token"] },
  acme: { authorize: "/sandbox/acme/oauth/authorize", token: "/sandbox/acme/oauth/token", api: "/sandbox/acme/api/v1", scopes: ["accounts", "opportunities", "webhooks"] },
};

export function isSandboxProvider(value: unknown): value is SandboxProvider {
  return typeof value === "string" && (SANDBOX_PROVIDERS as readonly string[]).includes(value);
}

/** Whether /sandbox answers at all; off in production unless SANDBOX_ENABLED says otherwise. */
export function sandboxEnabled(): boolean {
  return runtimeConfig().sandboxEnabled;
}

/**
 * Where a simulated provider lives, for the URLs inside API payloads (html_url, url). Read from
 * the environment only (no database or secrets needed), so route handlers under test can call it.
 */
export function sandboxBaseUrl(provider: SandboxProvider): string {
  return `${publicUrlOf(env())}/sandbox/${provider}`;
}
