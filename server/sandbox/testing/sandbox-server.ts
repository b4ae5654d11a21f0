import type { NetworkPolicy } from "@/server/connectors/http/network-policy";
import { routeSandboxRequest } from "@/server/sandbox/router";
import { serveFetchHandler } from "@/server/testing/fetch-server";

export interface SandboxServer {
  origin: string;
  /** Allows exactly this server, as a deployment allow-lists its own origin to reach /sandbox. */
  policy: NetworkPolicy;
  close(): Promise<void>;
}

/** Serves the sandbox's API and token endpoints on 127.0.0.1 for tests that drive real connectors. */
export async function startSandboxServer(): Promise<SandboxServer> {
  const { origin, close } = await serveFetchHandler(routeSandboxRequest);
  return { origin, policy: { allow: [origin] }, close };
}
