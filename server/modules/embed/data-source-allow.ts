import { runtimeConfig } from "@/server/env";
import { sandboxAllowances } from "@/server/sandbox/config";

/** With the sandbox on, data sources may call the simulated providers this app serves (its /sandbox/ routes). */
export function sandboxDestinations(): string[] {
  const config = runtimeConfig();
  return sandboxAllowances(config.publicUrl, config.sandboxEnabled);
}
