/**
 * Rate budgets per connection and a provider's 429, with a real worker and a provider on
 * 127.0.0.1: executions sharing a connection whose budget is spent park (waiting, no worker held)
 * and finish once it refills; a 429 with Retry-After pauses every flow's calls through the
 * connection for that long, and the execution that got it waits instead of failing, though its
 * flow has no Retry. Time is asserted only as a lower bound (the budget held calls back), never as
 * an upper one.
 */
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { sendJson, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { sealJson } from "@/server/crypto/keyring";
import { db, useDatabase } from "@/server/db/client";
import { runOperation } from "@/server/api/operation";
import { executionOperations } from "@/server/api/operations/executions";
import { createLogger } from "@/server/logger";
import { insertConnection } from "@/server/modules/connections/connections.repo";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { startManualExecution } from "@/server/triggers/kinds/manual/manual";

const TIMEOUT_MS = 120_000;

let databaseUrl = "";
let provider: LocalServer | undefined;
let worker: Awaited<ReturnType<typeof startTestWorker>> | undefined;

beforeAll(async () => {
  databaseUrl = await useFreshDatabase("budgets");
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  await provider?.close();
});
afterAll(() => useDatabase(inject("databaseUrl")));

/** One manual flow calling the provider through the connection `api` (connector http), which has `rateLimit` when given. */
function manifest(key: string, rateLimit: string | null): string {
  return `key: ${key}
name: Budgeted calls
connections:
  api: { connector: http, required: false${rateLimit ? `, rateLimit: ${rateLimit}` : ""} }
flows:
  - key: call
    trigger: { type: manual }
    StartAt: Call
    States:
      Call: { Type: Action, Action: http.request, Connection: api, Parameters: { method: POST, path: /things, idempotencyKey: true, "body.$": "$" }, ResultSelector: { "status.$": "$.status" }, End: true }
`;
}

async function deployWithConnection(rateLimit: string | null) {
  const { organization } = await createOrganizationWithMember();
  await allowNetworkDestination(organization.id, provider!.origin);
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest(uniqueKey("budget"), rateLimit) });
  await insertConnection({
    organizationId: organization.id,
    customerId: instance.customerId,
    instanceId: instance.id,
    key: "api",
    connector: "http",
    authKind: "basic",
    accountLabel: "provider account",
    credentialsEncrypted: sealJson({ kind: "basic", username: "flows", password: "secret-password", baseUrl: provider!.origin }),
    expiresAt: null,
  });
  return { organizationId: organization.id, instanceId: instance.id };
}

async function start(organizationId: string, instanceId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let n = 0; n < count; n++) ids.push((await startManualExecution(organizationId, { instanceId, flowKey: "call", payload: { n } })).executionId);
  return ids;
}

async function allSucceeded(ids: string[]) {
  return (await db().execution.count({ where: { id: { in: ids }, status: "succeeded" } })) === ids.length;
}

describe("rate budgets per connection", () => {
  it(
    "shares a connection's budget between executions: those over it park without a worker and finish once it refills",
    async () => {
      provider = await startLocalServer((_, response) => sendJson(response, 201, { ok: true }));
      const { organizationId, instanceId } = await deployWithConnection("{ requests: 2, per: second }");
      const ids = await start(organizationId, instanceId, 8);
      const startedAt = Date.now();
      worker = await startTestWorker({
        actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }),
        databaseUrl,
        concurrency: 8,
      });

      // Some of them park on the budget: waiting, with the reason, holding no worker.
      const parked = await waitFor(
        async () => {
          for (const id of ids) {
            const execution = await runOperation(executionOperations.get, organizationId, { id });
            if (execution.status === "waiting") return execution;
          }
          return null;
        },
        "an execution parked on the budget",
        TIMEOUT_MS,
      );
      expect(parked.waitingFor).toMatch(
        /^Waiting until .*: the connection "api" used its budget of 2 requests a second; the call waits until .*\. It holds no worker meanwhile\.$/,
      );
      expect(parked.steps.at(-1)).toMatchObject({ stateName: "Call", status: "waiting", error: { Error: "Switchyard.RateLimited" } });

      await waitFor(async () => allSucceeded(ids), "every execution to succeed", TIMEOUT_MS);
      // 8 calls on a budget of 2 (at once) plus 2 a second cannot take less than 3 seconds.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2_900);
      expect(provider.requests).toHaveLength(8);
      // A parked call ran again with the same attempt (no Retry was spent on it).
      const steps = await db().stepRun.findMany({ where: { executionId: parked.id }, orderBy: { sequence: "asc" }, select: { status: true, attempt: true } });
      expect(steps.at(-1)).toEqual({ status: "succeeded", attempt: 1 });
    },
    TIMEOUT_MS,
  );

  it(
    "pauses the connection for every flow when the provider answers 429 with Retry-After, and the execution waits instead of failing",
    async () => {
      let pausedAt = 0;
      const calledAt: number[] = [];
      provider = await startLocalServer((_, response) => {
        calledAt.push(Date.now());
        if (pausedAt === 0) {
          pausedAt = Date.now();
          return sendJson(response, 429, { message: "slow down" }, { "retry-after": "3" });
        }
        return sendJson(response, 201, { ok: true });
      });
      const { organizationId, instanceId } = await deployWithConnection(null);
      const [first] = await start(organizationId, instanceId, 1);
      worker = await startTestWorker({
        actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }),
        databaseUrl,
        concurrency: 8,
      });
      const paused = await waitFor(
        async () => {
          const execution = await runOperation(executionOperations.get, organizationId, { id: first });
          return execution.status === "waiting" ? execution : null;
        },
        "the execution to wait out the pause",
        TIMEOUT_MS,
      );
      expect(paused.waitingFor).toMatch(/answered 429 Too Many Requests on the connection "api" and asked to wait 3 s/);

      // Other executions through the connection wait for the pause too, without calling the provider.
      const others = await start(organizationId, instanceId, 3);
      await waitFor(async () => allSucceeded([first, ...others]), "every execution to succeed", TIMEOUT_MS);
      // One call got the 429; every other came after the pause it asked for.
      expect(calledAt).toHaveLength(5);
      for (const at of calledAt.slice(1)) expect(at - pausedAt).toBeGreaterThanOrEqual(2_900);
      const connection = await db().connection.findFirst({ where: { instanceId }, select: { pausedUntil: true } });
      expect(connection?.pausedUntil?.getTime()).toBeGreaterThanOrEqual(pausedAt + 2_000);
      const firstSteps = await db().stepRun.findMany({ where: { executionId: first }, orderBy: { sequence: "asc" }, select: { status: true, attempt: true } });
      expect(firstSteps).toEqual([
        { status: "waiting", attempt: 1 },
        { status: "succeeded", attempt: 1 },
      ]);
    },
    TIMEOUT_MS,
  );
});
