/**
 * One isolation case per REST operation (keyed `METHOD /path` as in the OpenAPI document), called
 * through the real REST route (app/api/v1/[...path]) with organization B's API key and A's ids. Routes
 * outside the API-key REST surface are listed in OTHER_ROUTES with how they find their tenant.
 */
import { expect } from "vitest";
import { dispatchToRoutes } from "@/server/api/testing/dispatch";
import { db } from "@/server/db/client";
import { syncManifest } from "@/server/testing/embed-test-setup";
import type { TenantWorld } from "../tenant-world";
import type { Recorded } from "./recording-caller";

export type RestCase = (w: TenantWorld, call: RestCall) => Promise<void>;
export type RestCall = (method: string, path: string, body?: unknown, raw?: string) => Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every other route file under app/, and how it is kept to one tenant (or why it has none). */
export const OTHER_ROUTES: Record<string, string> = {
  "app/api/trpc/[trpc]/route.ts": "serves the tRPC procedures, each with its own isolation case",
  "app/api/mcp/route.ts":
    "MCP server: the API key's organization or the signed token's issuer, and one customer in it; its cases are the MCP test of tenant-isolation.int.test.ts",
  "app/api/v1/openapi.json/route.ts": "the API description; no tenant data",
  "app/api/health/route.ts": "database and queue reachability; no tenant data",
  "app/api/setup/route.ts": "first-run set-up: creates the first organization and answers 409 once any user exists; reads no tenant data",
  "app/api/auth/[...nextauth]/route.ts": "console sign-in; a session names one user and their organization",
  "app/api/runner/route.ts": "flow runner for serverless hosts: RUNNER_SECRET only, runs due jobs of every tenant and answers counts, no tenant data",
  "app/api/hooks/[token]/route.ts": "webhook ingest: the unguessable endpoint token selects the one instance",
  "app/embed/v1/marketplace/route.ts":
    "the embedded marketplace page: before the session only the public catalogue of the one organization allowing parentOrigin (public-marketplace.ts, as the embed layout draws it), no customer's data; the customer's page comes through the embed.exchange and embed.marketplace.list procedures",
  "app/api/metrics/route.ts":
    "Prometheus metrics for the installation's operator: METRICS_TOKEN only (404 without it), counts by verdict, integration and flow key, no tenant's records",
  "app/api/oauth/start/route.ts": "OAuth popup: the sealed, single-use attempt names organization and customer",
  "app/api/oauth/callback/route.ts": "OAuth callback: completes the sealed attempt's organization and customer only",
  "app/sandbox/oauth/decision/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/zendesk/oauth/tokens/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/zendesk/api/v2/[...path]/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/slack/api/[method]/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/github/api/[...path]/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/github/login/oauth/access_token/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/github/tokens/route.ts": "simulated provider (sandbox) minting its own tokens, holds no Switchyard tenant data",
  "app/sandbox/slack/tokens/route.ts": "simulated provider (sandbox) minting its own tokens, holds no Switchyard tenant data",
  "app/sandbox/zendesk/tokens/route.ts": "simulated provider (sandbox) minting its own tokens, holds no Switchyard tenant data",
  "app/sandbox/salesforce/services/oauth2/token/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/salesforce/services/oauth2/userinfo/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/salesforce/services/data/[[...path]]/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/acme/oauth/token/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/acme/api/v1/[[...path]]/route.ts": "simulated provider (sandbox), holds no Switchyard tenant data",
  "app/sandbox/acme/tokens/route.ts": "simulated provider (sandbox) minting its own tokens, holds no Switchyard tenant data",
};

/** Calls the REST route as Next.js would, with an API key, and records every answer. */
export function restCaller(key: string, sink: Recorded[]): RestCall {
  return async (method, path, body, raw) => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (raw !== undefined) headers["content-type"] = "application/yaml";
    const response = await dispatchToRoutes(`http://switchyard.test${path}`, {
      method,
      headers,
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    sink.push({ path: `${method} ${path}`, value: json });
    return { status: response.status, json };
  };
}

const ids = (page: { data: { id: string }[] }) => page.data.map((r) => r.id);

async function is404(result: Promise<{ status: number; json: unknown }>) {
  const { status, json } = await result;
  expect(status, JSON.stringify(json)).toBe(404);
}

export const restIsolationCases: Record<string, RestCase> = {
  "GET /api/v1/connectors": async (_w, call) => {
    // The connector catalogue is the same for everyone: no tenant data in it.
    const { status, json } = await call("GET", "/api/v1/connectors");
    expect(status).toBe(200);
    expect((json as { data: { key: string }[] }).data.map((c) => c.key)).toContain("github");
  },
  "GET /api/v1/customers/{id}/actions": async (w, call) => {
    await is404(call("GET", `/api/v1/customers/${w.a.customerId}/actions`));
    expect((await call("GET", `/api/v1/customers/${w.b.customerId}/actions`)).json).toEqual({ connections: [], flows: [] });
  },
  "POST /api/v1/customers/{id}/actions": async (w, call) => {
    const before = await db().execution.count({ where: { customerId: w.a.customerId } });
    await is404(call("POST", `/api/v1/customers/${w.a.customerId}/actions`, { tool: "echo_settings", input: { note: "from B" } }));
    await is404(call("POST", `/api/v1/customers/${w.a.customerId}/actions`, { connector: "acme", action: "getWidget", input: { widgetId: "w1" } }));
    await is404(call("POST", `/api/v1/customers/${w.b.customerId}/actions`, { tool: "echo_settings", input: {} }));
    expect(await db().execution.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },
  "GET /api/v1/customers/{id}/connections": async (w, call) => {
    await is404(call("GET", `/api/v1/customers/${w.a.customerId}/connections`));
  },
  "POST /api/v1/customers/{id}/connections": async (w, call) => {
    const before = await db().connection.count({ where: { customerId: w.a.customerId } });
    await is404(call("POST", `/api/v1/customers/${w.a.customerId}/connections`, { connector: "github", credentials: { token: "ghp_taken_over" } }));
    expect(await db().connection.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },
  "DELETE /api/v1/customers/{id}/connections/{connectionId}": async (w, call) => {
    await is404(call("DELETE", `/api/v1/customers/${w.a.customerId}/connections/${w.a.connectionId}`));
    expect(await db().connection.count({ where: { id: w.a.connectionId } })).toBe(1);
  },
  "GET /api/v1/integrations": async (w, call) => {
    expect(ids((await call("GET", "/api/v1/integrations?limit=100")).json)).not.toContain(w.a.integrationId);
  },
  "POST /api/v1/integrations": async (w, call) => {
    const before = await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } });
    const pushed = await call("POST", "/api/v1/integrations", undefined, syncManifest(w.a.integrationKey));
    expect(pushed.status).toBeLessThan(300);
    expect(pushed.json.integration.id).not.toBe(w.a.integrationId);
    expect(await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } })).toBe(before);
  },
  "GET /api/v1/integrations/{id}": async (w, call) => {
    await is404(call("GET", `/api/v1/integrations/${w.a.integrationId}`));
  },
  "POST /api/v1/integrations/{id}/versions/{versionId}/publish": async (w, call) => {
    await is404(call("POST", `/api/v1/integrations/${w.a.integrationId}/versions/${w.a.draftVersionId}/publish`));
    await is404(call("POST", `/api/v1/integrations/${w.b.integrationId}/versions/${w.a.draftVersionId}/publish`));
    expect((await db().integrationVersion.findUniqueOrThrow({ where: { id: w.a.draftVersionId } })).status).toBe("draft");
  },
  "GET /api/v1/customers": async (w, call) => {
    expect(ids((await call("GET", "/api/v1/customers?limit=100&externalId=customer-a")).json)).not.toContain(w.a.customerId);
  },
  "POST /api/v1/customers": async (w, call) => {
    const created = await call("POST", "/api/v1/customers", { externalId: "customer-a-rest" });
    expect(created.status).toBe(201);
    expect(await db().customer.count({ where: { organizationId: w.a.organizationId, externalId: "customer-a-rest" } })).toBe(0);
  },
  "GET /api/v1/customers/{id}": async (w, call) => {
    await is404(call("GET", `/api/v1/customers/${w.a.customerId}`));
  },
  "GET /api/v1/instances": async (w, call) => {
    expect(ids((await call("GET", "/api/v1/instances?limit=100")).json)).not.toContain(w.a.instanceId);
    expect(ids((await call("GET", `/api/v1/instances?limit=100&customerId=${w.a.customerId}`)).json)).toEqual([]);
  },
  "POST /api/v1/instances": async (w, call) => {
    await is404(call("POST", "/api/v1/instances", { integrationId: w.a.integrationId, customerExternalId: "x", config: {} }));
  },
  "GET /api/v1/instances/{id}": async (w, call) => {
    await is404(call("GET", `/api/v1/instances/${w.a.instanceId}`));
  },
  "PATCH /api/v1/instances/{id}": async (w, call) => {
    await is404(call("PATCH", `/api/v1/instances/${w.a.instanceId}`, { config: { project: "hijacked" } }));
    expect((await db().instance.findUniqueOrThrow({ where: { id: w.a.instanceId } })).configValues).toMatchObject({ project: "alpha" });
  },
  "DELETE /api/v1/instances/{id}": async (w, call) => {
    await is404(call("DELETE", `/api/v1/instances/${w.a.instanceId}?force=true`));
    expect((await db().instance.findUniqueOrThrow({ where: { id: w.a.instanceId } })).status).toBe("active");
  },
  "POST /api/v1/instances/{id}/pause": async (w, call) => {
    await is404(call("POST", `/api/v1/instances/${w.a.instanceId}/pause`, {}));
    expect((await db().instance.findUniqueOrThrow({ where: { id: w.a.instanceId } })).status).toBe("active");
  },
  "POST /api/v1/instances/{id}/resume": async (w, call) => {
    await is404(call("POST", `/api/v1/instances/${w.a.instanceId}/resume`));
  },
  "GET /api/v1/instances/{id}/events": async (w, call) => {
    await is404(call("GET", `/api/v1/instances/${w.a.instanceId}/events`));
  },
  "GET /api/v1/instances/{id}/rejected-deliveries": async (w, call) => {
    await is404(call("GET", `/api/v1/instances/${w.a.instanceId}/rejected-deliveries`));
  },
  "GET /api/v1/instances/{id}/endpoints": async (w, call) => {
    await is404(call("GET", `/api/v1/instances/${w.a.instanceId}/endpoints`));
  },
  "GET /api/v1/executions": async (w, call) => {
    expect(ids((await call("GET", "/api/v1/executions?limit=100")).json)).not.toContain(w.a.executionId);
    expect(ids((await call("GET", `/api/v1/executions?limit=100&instanceId=${w.a.instanceId}`)).json)).toEqual([]);
  },
  "POST /api/v1/executions": async (w, call) => {
    await is404(call("POST", "/api/v1/executions", { instanceId: w.a.instanceId, flowKey: "main", input: {} }));
  },
  "GET /api/v1/executions/{id}": async (w, call) => {
    await is404(call("GET", `/api/v1/executions/${w.a.executionId}`));
  },
  "GET /api/v1/executions/{id}/event": async (w, call) => {
    await is404(call("GET", `/api/v1/executions/${w.a.executionId}/event`));
  },
  "POST /api/v1/executions/{id}/replay": async (w, call) => {
    const before = await db().execution.count({ where: { replayOfId: w.a.executionId } });
    await is404(call("POST", `/api/v1/executions/${w.a.executionId}/replay`, {}));
    expect(await db().execution.count({ where: { replayOfId: w.a.executionId } })).toBe(before);
  },
  "POST /api/v1/executions/{id}/cancel": async (w, call) => {
    await is404(call("POST", `/api/v1/executions/${w.a.executionId}/cancel`));
  },
};
