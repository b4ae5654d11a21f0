import { runSeedScript } from "./seed-script";

export interface EmbedSeedInput {
  allowedOrigins: string[];
  publicKeyPem: string;
  kid: string;
  /** Point the organization at the sandbox providers served by the app at this URL. */
  sandboxUrl?: string;
  /** Further examples/<name> integrations to list. */
  examples?: string[];
}

/**
 * Seeds a vendor organization into the running e2e server's database (e2e/fixtures/embed-seed.ts,
 * in its own process with the data directory's secrets) and answers its id.
 */
export function seedEmbedOrganization(port: number, input: EmbedSeedInput): Promise<{ organizationId: string }> {
  return runSeedScript(port, "e2e/fixtures/embed-seed.ts", input);
}

/** Runs a seed script of e2e/fixtures against the running e2e server's database; answers its last line as JSON. */
export function runSeed<T>(port: number, script: string, input: object): Promise<T> {
  return runSeedScript<T>(port, script, input);
}
