/**
 * With the sandbox on, flows reach the simulated providers this app serves on its own origin, and
 * nothing else of the app's: the worker's standing allowance covers `/sandbox/` only, so a flow
 * calling the app's API on loopback is refused like any other loopback address.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sendJson, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { db } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { createLogger } from "@/server/logger";
import { startExecution } from "@/server/modules/executions/executions.service";
import { createOrganizationWithMember, deployIntegration, testRuntimeConfig } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { workerOptions } from "@/server/worker/start-worker";

const callManifest = (key: string) => `key: ${key}
name: Calls a URL
flows:
  - key: call
    trigger: { type: manual }
    StartAt: Call
    States:
      Call: { Type: Action, Action: http.request, Parameters: { method: GET, "url.$": "$.url" }, End: true }
`;

let app: LocalServer;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  // Stands in for this app: answers every path, so only the guard decides what a flow reaches.
  app = await startLocalServer((request, response) => sendJson(response, 200, { path: request.url }));
  const options = workerOptions(
    { ...testRuntimeConfig(inject("databaseUrl")), publicUrl: app.origin, sandboxEnabled: true },
    createLogger({ level: "silent" }),
  );
  worker = await startTestWorker({ actionInvoker: options.actionInvoker });
});
afterAll(async () => {
  await worker?.stop();
  await app?.close();
  useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
});

describe("the worker's allowance for the sandbox", () => {
  it("lets a flow call the app's /sandbox/ routes and refuses its other routes on loopback", async () => {
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest: callManifest(uniqueKey("call")) });
    const run = async (url: string) => {
      const execution = await startExecution(organization.id, { instanceId: instance.id, flowKey: "call", input: { url }, trigger: "manual" });
      return waitFor(async () => {
        const row = await db().execution.findUniqueOrThrow({ where: { id: execution.id } });
        return row.status === "succeeded" || row.status === "failed" ? row : null;
      }, `the call to ${url}`);
    };
    expect(await run(`${app.origin}/sandbox/github/api/user`)).toMatchObject({ status: "succeeded" });
    for (const path of ["/api/v1/customers", "/api/health", "/sandbox/..%2fapi%2fv1%2fcustomers"]) {
      const refused = await run(`${app.origin}${path}`);
      expect(refused.status, path).toBe("failed");
      expect(refused.error, path).toMatchObject({ Error: "Switchyard.NetworkRefused" });
    }
    expect(app.requests.map((request) => request.url)).toEqual(["/sandbox/github/api/user"]);
  });
});
