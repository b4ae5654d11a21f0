/**
 * What the OAuth flows and token refresh need from their process. Routes and the worker use the
 * defaults built from server/env.ts; tests pass their own registry, clock and HTTP seams.
 */
import type { HttpClientOptions } from "@/server/connectors/http/http-client";
import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { connectorRegistry, type ConnectorRegistry } from "@/server/connectors/registry";
import { env, EnvError, publicUrlOf, runtimeConfig } from "@/server/env";
import { networkAllowList } from "@/server/modules/organizations/organizations.repo";
import { sandboxAllowances } from "@/server/sandbox/config";

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
 * The organization's allow-list, plus this app's /sandbox/ routes when the sandbox is on: the demo's
 * OAuth apps point at the simulated providers this very app serves (as the worker allows for actions).
 */
export function organizationNetwork(publicUrl: string, sandboxEnabled: boolean): (organizationId: string) => Promise<NetworkPolicy> {
  const alwaysAllow = sandboxAllowances(publicUrl, sandboxEnabled);
  return async (organizationId) => ({ allow: [...alwaysAllow, ...(await networkAllowList(organizationId))] });
}

let cached: OAuthSettings | undefined;

/**
 * Whether the sandbox is on as this process resolved it (the launcher turns it on by default for
 * the embedded database without setting SANDBOX_ENABLED); only a process that cannot resolve its
 * configuration (no database or secrets yet) falls back to the environment alone.
 */
function sandboxEnabled(): boolean {
  try {
    return runtimeConfig().sandboxEnabled;
  } catch (error) {
    if (error instanceof EnvError) return (env().SANDBOX_ENABLED ?? "off") !== "off";
    throw error;
  }
}

/** The process's settings, read on first use (env() needs no database or secrets, so tests may call it too). */
export function defaultOAuthSettings(): OAuthSettings {
  if (cached) return cached;
  const publicUrl = publicUrlOf(env());
  cached = { publicUrl, registry: connectorRegistry, network: organizationNetwork(publicUrl, sandboxEnabled()) };
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
