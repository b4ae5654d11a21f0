import { runtimeConfig } from "@/server/env";

/** With the sandbox on, data sources may call the simulated providers this app serves. */
export function sandboxDestinations(): string[] {
  const config = runtimeConfig();
  if (!config.sandboxEnabled) return [];
  const own = new URL(config.publicUrl);
  return [own.origin, `http://127.0.0.1:${own.port || (own.protocol === "https:" ? 443 : 80)}`];
}
