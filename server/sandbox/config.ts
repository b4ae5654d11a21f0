import { env, publicUrlOf, runtimeConfig } from "@/server/env";
import { isLocalClient } from "@/server/http/client-headers";

export type SandboxProvider = "github" | "zendesk" | "slack";
export const SANDBOX_PROVIDERS: readonly SandboxProvider[] = ["github", "zendesk", "slack"];

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
