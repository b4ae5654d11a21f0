/**
 * Tenant isolation of every tRPC procedure and every REST route. The lists come from the app
 * router and from the REST operations / route files at test time, so a new procedure or route
 * fails here, by name, until it has a case (server/testing/tenant-isolation/). Every answer the
 * cases received is then searched for the victim's secrets.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { operations } from "@/server/api/api-operations";
import { db } from "@/server/db/client";
import { handleMcpRequest } from "@/server/mcp/mcp-server";
import { signEmbedToken } from "@/server/modules/embed/embed-fixtures";
import { isSecretKey, REDACTED } from "@/server/text/redact";
import { SHOWN_ONCE } from "@/server/testing/tenant-isolation/shown-once";
import { restCaller, restIsolationCases, OTHER_ROUTES, type RestCall } from "@/server/testing/tenant-isolation/rest-cases";
import { TENANT_FREE, tenantIsolationCases } from "@/server/testing/tenant-isolation/trpc-cases";
import { createTenantWorld, type TenantWorld } from "@/server/testing/tenant-world";
import { appRouter } from "./root";

const procedures = Object.keys(appRouter._def.procedures);
const restOperations = operations.map((operation) => `${operation.method} ${operation.path}`);

function routeFiles(directory = "app"): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return routeFiles(full);
    return entry.name === "route.ts" ? [full] : [];
  });
}

/** The one route file that serves every REST operation (server/api/route-handler.ts matches method and path). */
const API_ROUTE_FILE = path.join("app", "api", "v1", "[...path]", "route.ts");

/** One JSON-RPC request to the MCP server, as an MCP client sends it; the answer is recorded for the secret scans. */
async function mcp(world: TenantWorld, headers: Record<string, string>, method: string, params: Record<string, unknown> = {}) {
  const request = new Request("http://switchyard.test/api/mcp", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-11-25", ...headers },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const response = await handleMcpRequest(request);
  const json = await response.json();
  world.responses.push({ path: `MCP ${method}`, value: json });
  return { status: response.status, json };
}

describe("tenant isolation", () => {
  let world: TenantWorld;
  let asB: RestCall;
  beforeAll(async () => {
    world = await createTenantWorld();
    asB = restCaller(world.b.apiKey, world.responses);
  });

  it("has a case for every tRPC procedure (tenant-free ones say why)", () => {
    const missing = procedures.filter((p) => !(p in tenantIsolationCases));
    expect(missing, `procedures without an isolation case in server/testing/tenant-isolation/trpc-cases.ts: ${missing.join(", ")}`).toEqual([]);
    expect(
      Object.keys(tenantIsolationCases).filter((p) => !procedures.includes(p)),
      "cases for procedures that no longer exist",
    ).toEqual([]);
    expect(Object.keys(TENANT_FREE).filter((p) => !procedures.includes(p))).toEqual([]);
  });

  it("has a case for every REST operation, and every route file is an operation or says how it is scoped", () => {
    const missing = restOperations.filter((o) => !(o in restIsolationCases));
    expect(missing, `REST operations without an isolation case in server/testing/tenant-isolation/rest-cases.ts: ${missing.join(", ")}`).toEqual([]);
    expect(
      Object.keys(restIsolationCases).filter((o) => !restOperations.includes(o)),
      "cases for operations that no longer exist",
    ).toEqual([]);
    const served = new Set(operations.length ? [API_ROUTE_FILE] : []);
    const unexplained = routeFiles().filter((file) => !served.has(file) && !(file in OTHER_ROUTES));
    expect(unexplained, `route files that are neither REST operations nor listed in OTHER_ROUTES: ${unexplained.join(", ")}`).toEqual([]);
  });

  it.each(procedures)("tRPC %s", async (procedure) => {
    await tenantIsolationCases[procedure]!(world);
  });

  it.each(restOperations)("REST %s", async (operation) => {
    await restIsolationCases[operation]!(world, asB);
  });

  it("MCP: another organization's key and another customer's token neither list nor call any of A's tools", async () => {
    const asA = { authorization: `Bearer ${world.a.apiKey.key}`, "x-switchyard-customer": world.a.customerExternalId };
    const listed = await mcp(world, asA, "tools/list");
    const aTools: string[] = listed.json.result.tools.map((t: { name: string }) => t.name);
    expect(aTools).toEqual(["acme_getWidget", "echo_settings"]);
    const before = await db().execution.count({ where: { customerId: world.a.customerId } });

    // B's key naming A's customer's external id finds at most B's own customer of that id (other cases may create one), never A's.
    const byB = { authorization: `Bearer ${world.b.apiKey}`, "x-switchyard-customer": world.a.customerExternalId };
    const bHasOne = (await db().customer.count({ where: { organizationId: world.b.organizationId, externalId: world.a.customerExternalId } })) > 0;
    const listedByB = await mcp(world, byB, "tools/list");
    if (bHasOne) expect(listedByB.json.result.tools).toEqual([]);
    else expect(listedByB.status).toBe(404);
    // Another customer of A's organization, with a token signed by A's own embed key.
    const tokenOfB = await signEmbedToken(new TextEncoder().encode(world.embed.secret), "HS256", {
      organizationId: world.a.organizationId,
      kid: world.embed.kid,
      customer: "customer-b",
      scope: "mcp",
    });
    const asOtherCustomer = { authorization: `Bearer ${tokenOfB}` };
    expect((await mcp(world, asOtherCustomer, "tools/list")).json.result.tools).toEqual([]);
    for (const name of aTools) {
      for (const caller of [byB, asOtherCustomer]) {
        const called = await mcp(world, caller, "tools/call", { name, arguments: { note: "taken over", widgetId: "w1" } });
        expect(called.json.result, `${name} was run for another tenant`).toBeUndefined();
      }
    }
    expect(await db().execution.count({ where: { customerId: world.a.customerId } })).toBe(before);

    // A itself runs its tool; the secret setting the flow reads comes back redacted.
    const own = await mcp(world, asA, "tools/call", { name: "echo_settings", arguments: { note: "mine" } });
    expect(own.json.result.structuredContent).toEqual({ note: "mine", value: REDACTED });
  });

  it("the victim still reads all of its own things", async () => {
    const a = world.a;
    expect((await a.owner.instances.get({ id: a.instanceId })).status).toBe("active");
    expect((await a.api.api.executions.get({ id: a.executionId })).id).toBe(a.executionId);
    expect((await a.owner.connections.list({ customerId: a.customerId })).map((c) => c.id).sort()).toEqual([a.connectionId, a.oauthConnectionId].sort());
    expect((await a.owner.oauthApps.list()).map((o) => o.id)).toContain(a.oauthAppId);
    expect((await a.owner.integrations.get({ id: a.integrationId })).versions.length).toBe(2);
  });

  it("no answer to any call above carried one of the victim's secrets", () => {
    expect(world.responses.length).toBeGreaterThan(procedures.length);
    const text = JSON.stringify(world.responses);
    for (const secret of world.knownSecrets) expect(text.includes(secret), `a response contained ${secret.slice(0, 6)}…`).toBe(false);
  });

  it("no answer carried a value under a secret-named field, except credentials shown once", () => {
    const found: string[] = [];
    const visit = (path: string, node: unknown) => {
      if (Array.isArray(node)) return node.forEach((item) => visit(path, item));
      if (!node || typeof node !== "object" || node instanceof Date) return;
      for (const [key, value] of Object.entries(node)) {
        if (isSecretKey(key) && typeof value === "string" && value !== "" && value !== REDACTED && SHOWN_ONCE[path] !== key) found.push(`${path} → ${key}`);
        visit(path, value);
      }
    };
    for (const { path: at, value } of world.responses) visit(at, value);
    expect([...new Set(found)]).toEqual([]);
  });
});
