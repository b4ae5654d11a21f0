import type { ReconnectSeedInput } from "../fixtures/reconnect-seed";
import { runSeedScript } from "./seed-script";

export interface ReconnectSeedResult {
  organizationId: string;
  instanceId?: string;
  customerId?: string;
  connectionId?: string;
  executionId?: string;
  opened?: string[];
  resolved?: string[];
}

/** Runs e2e/fixtures/reconnect-seed.ts against the running e2e server's database. */
export function runReconnectSeed(port: number, input: Omit<ReconnectSeedInput, "databaseUrl">): Promise<ReconnectSeedResult> {
  return runSeedScript(port, "e2e/fixtures/reconnect-seed.ts", input);
}
