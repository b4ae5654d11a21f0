import { env, publicUrlOf, runtimeConfig } from "@/server/env";

export type SandboxProvider = "github" | "zendesk" | "slack";
export const SANDBOX_PROVIDERS: readonly SandboxProvider[] = ["github", "zendesk", "slack"];

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
