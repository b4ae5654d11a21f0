/**
 * The parts of the app a headless client talks to, behind one origin on 127.0.0.1 (as `npm start`
 * serves them): the REST API's real route handlers, the MCP server, the webhook ingest and the
 * sandbox providers.
 * The runtime config's public URL becomes this origin, so endpoint URLs registered with the
 * sandbox point back here and the sandbox is reachable through the network policy.
 */
import { inject } from "vitest";
import { POST as hookRoute } from "@/app/api/hooks/[token]/route";
import { useRuntimeConfig } from "@/server/env";
import { handleMcpRequest, MCP_PATH } from "@/server/mcp/mcp-server";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { routeSandboxRequest } from "@/server/sandbox/router";
import { seedSandbox } from "@/server/sandbox/seed";
import { testRuntimeConfig } from "@/server/testing/factories";
import { serveFetchHandler } from "@/server/testing/fetch-server";
import { dispatchToRoutes } from "./dispatch";

export interface AppServer {
  origin: string;
  close(): Promise<void>;
}

async function route(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.pathname.startsWith("/sandbox/")) return routeSandboxRequest(request);
  const hook = /^\/api\/hooks\/([^/]+)$/.exec(url.pathname);
  if (hook) return hookRoute(request, { params: Promise.resolve({ token: hook[1] }) });
  if (url.pathname.startsWith("/api/v1/")) return dispatchToRoutes(request);
  if (url.pathname === MCP_PATH) return handleMcpRequest(request);
  return new Response("not found", { status: 404 });
}

export async function startAppServer(): Promise<AppServer> {
  const { origin, close } = await serveFetchHandler(route);
  useRuntimeConfig({ ...testRuntimeConfig(inject("databaseUrl")), publicUrl: origin, sandboxEnabled: true });
  await seedSandbox();
  return {
    origin,
    async close() {
      await settleSandboxDeliveries();
      useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
      await close();
    },
  };
}
