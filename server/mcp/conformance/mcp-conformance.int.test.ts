/**
 * The MCP conformance suite's server scenarios that apply to a tools-only server (README.md beside
 * this file says which and why), run with its own CLI against `/api/mcp` of the app this test
 * serves. The CLI connects without credentials, so a small gateway in front adds the customer's,
 * as a vendor's MCP gateway would; the customer's tools are the tool flows of conformance-tools.yaml.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeyFor } from "@/server/api/testing/call-route";
import { startAppServer, type AppServer } from "@/server/api/testing/app-server";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { serveFetchHandler } from "@/server/testing/fetch-server";
import { useWebActionInvoker } from "@/server/runtime/web-runtime";

const APPLICABLE_SCENARIOS = ["server-initialize", "ping", "tools-list", "tools-call-simple-text", "tools-call-error", "json-schema-2020-12"];

const CLI = path.resolve("node_modules/@modelcontextprotocol/conformance/dist/index.js");

let app: AppServer;
let gateway: { origin: string; close(): Promise<void> };
let results: string;

beforeAll(async () => {
  app = await startAppServer();
  useWebActionInvoker(createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [app.origin] }));
  const { organization } = await createOrganizationWithMember();
  const deployed = await deployIntegration({
    organizationId: organization.id,
    manifest: readFileSync(path.join(import.meta.dirname, "conformance-tools.yaml"), "utf8"),
    customer: "conformance-customer",
  });
  expect(deployed.instance.status).toBe("active");
  const apiKey = await apiKeyFor(organization.id);
  gateway = await serveFetchHandler(async (request) => {
    const headers = new Headers(request.headers);
    headers.set("authorization", `Bearer ${apiKey}`);
    headers.set("x-switchyard-customer", "conformance-customer");
    headers.delete("host");
    const body = request.method === "GET" || request.method === "HEAD" ? undefined : await request.arrayBuffer();
    return fetch(`${app.origin}/api/mcp`, { method: request.method, headers, body });
  });
  results = mkdtempSync(path.join(os.tmpdir(), "mcp-conformance-"));
}, 60_000);

afterAll(async () => {
  useWebActionInvoker(undefined);
  await gateway?.close();
  await app?.close();
  if (results) rmSync(results, { recursive: true, force: true });
});

function runScenario(scenario: string, outputDir: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "server", "--url", `${gateway.origin}/mcp`, "--scenario", scenario, "-o", outputDir], {
      env: { ...process.env, NO_COLOR: "1" },
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

function checksOf(outputDir: string): Array<{ id: string; status: string; errorMessage?: string }> {
  const run = readdirSync(outputDir).find((entry) => entry.startsWith("server-"));
  return run ? JSON.parse(readFileSync(path.join(outputDir, run, "checks.json"), "utf8")) : [];
}

describe("MCP conformance (server scenarios for a tools-only server)", () => {
  it.each(APPLICABLE_SCENARIOS)(
    "%s",
    async (scenario) => {
      const outputDir = path.join(results, scenario);
      const { code, output } = await runScenario(scenario, outputDir);
      const checks = checksOf(outputDir);
      expect(checks.length, output).toBeGreaterThan(0);
      expect(
        checks.filter((check) => check.status !== "SUCCESS"),
        output,
      ).toEqual([]);
      expect(code, output).toBe(0);
    },
    60_000,
  );
});
