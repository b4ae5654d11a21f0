/**
 * What the OAuth flows and token refresh need from their process. Routes and the worker use the
 * defaults built from server/env.ts; tests pass their own registry, clock and HTTP seams.
 */
import type { HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { env, publicUrlOf, runtimeConfig } from "@/server/env";
import { networkAllowList } from "@/server/modules/organizations/organizations.repo";

export interface OAuthSettings {
  /** Where the popup and the provider reach us: the callback is `${publicUrl}/api/oauth/callback`. */
  publicUrl: string;
  registry: ConnectorRegistry;
  /** The network policy token requests (and account-label calls) run under. */
  network: (organizationId: string) => Promise<NetworkPolicy>;
  http?: Pick<HttpClientOptions, "fetch" | "lookup" | "timeoutMs">;
  now?: () => Date;
}

export function callbackUrl(settings: Pick<OAuthSettings, "publicUrl">): string {
  return `${settings.publicUrl}/api/oauth/callback`;
}

/**
 * The organization's allow-list, plus this app's own origin when the sandbox is on: the demo's
 * OAuth apps point at the simulated providers this very app serves (as the worker allows for actions).
 */
export function organizationNetwork(publicUrl: string, sandboxEnabled: boolean): (organizationId: string) => Promise<NetworkPolicy> {
  const own = new URL(publicUrl);
  const alwaysAllow = sandboxEnabled ? [own.origin, `http://127.0.0.1:${own.port || (own.protocol === "https:" ? 443 : 80)}`] : [];
  return async (organizationId) => ({ allow: [...alwaysAllow, ...(await networkAllowList(organizationId))] });
}

let cached: OAuthSettings | undefined;

/** The process's settings, read on first use (env() needs no database or secrets, so tests may call it too). */
export function defaultOAuthSettings(): OAuthSettings {
  if (cached) return cached;
  const e = env();
  const publicUrl = publicUrlOf(e);
  cached = { publicUrl, registry: connectorRegistry, network: organizationNetwork(publicUrl, e.SANDBOX_ENABLED ?? false) };
  return cached;
}

/**
 * For connecting from typed-in credentials (no browser, no callback): the registry and the network
 * policy of this process's resolved configuration, so the sandbox's own origin is reachable exactly
 * when the sandbox is on.
 */
export function credentialConnectSettings(): Omit<OAuthSettings, "publicUrl"> {
  const config = runtimeConfig();
  return { registry: connectorRegistry, network: organizationNetwork(config.publicUrl, config.sandboxEnabled) };
}
