/**
 * Synchronous flows, WaitForEvent delivery, emitted events and manual starts, with a real
 * worker running beside the route handler.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { startExecution } from "@/server/modules/executions/executions.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";
import { useWebActionInvoker } from "@/server/runtime/web-runtime";
import { startManualExecution } from "./kinds/manual/manual";

const calls: InvokeActionRequest[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The actions both the web process (sync flows) and the worker run. */
const invoke = async (request: InvokeActionRequest) => {
  calls.push(request);
  const parameters = request.parameters as Record<string, unknown>;
  if (request.action === "test.slow") await sleep(Number(parameters.ms));
  if (request.action === "test.answer") return { status: 201, headers: { "x-answer": "yes" }, body: { greeting: `hello ${String(parameters.name)}` } };
  return { ok: true };
};

let organizationId: string;
let worker: RunningWorker;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  useWebActionInvoker(() => invoke);
  worker = await startTestWorker({ actionInvoker: () => invoke });
});

afterAll(async () => {
  useWebActionInvoker(undefined);
  await worker.stop();
});

const executionOf = (id: string) => db().execution.findUniqueOrThrow({ where: { id } });

describe("synchronous flows", () => {
  const manifest = () => `key: ${uniqueKey("sync")}
name: Sync
flows:
  - key: answer
    trigger: { type: webhook, verify: { scheme: header, header: X-Token, secret: sync-token }, sync: { timeoutMs: 5000 } }
    StartAt: Answer
    States:
      Answer: { Type: Action, Action: test.answer, Parameters: { name.$: $.body.name }, End: true }
  - key: slow
    trigger: { type: webhook, verify: { scheme: header, header: X-Token, secret: sync-token }, sync: { timeoutMs: 300 } }
    StartAt: Slow
    States:
      Slow: { Type: Action, Action: test.slow, Parameters: { ms: 1500 }, Next: After }
      After: { Type: Pass, Result: { done: true }, End: true }
  - key: plain
    trigger: { type: webhook, verify: { scheme: header, header: X-Token, secret: sync-token }, sync: { timeoutMs: 5000 } }
    StartAt: Done
    States:
      Done: { Type: Pass, Result: { received: true }, End: true }
`;
  const post = (url: string, body: unknown) =>
    postHook(url, { body: JSON.stringify(body), headers: { "content-type": "application/json", "x-token": "sync-token" } });

  it("answers the caller with the flow's { status, headers, body }, or its output as JSON", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const urls = await endpointUrls(organizationId, instance.id);
    const response = await post(urls.get("answer")!, { name: "Ada" });
    expect(response.status).toBe(201);
    expect(response.headers.get("x-answer")).toBe("yes");
    expect(await response.json()).toEqual({ greeting: "hello Ada" });
    const executionId = response.headers.get("x-switchyard-execution-id")!;
    const execution = await executionOf(executionId);
    expect(execution.status).toBe("succeeded");
    // Run here, by the web process: no worker ran it, and its job (due at the timeout, for a
    // worker to take over only if this process had not finished) is gone.
    expect(calls.filter((c) => c.context.Execution.Id === executionId)).toHaveLength(1);
    await waitFor(async () => {
      const [row] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`exec:${executionId}`}`;
      return Number(row.n) === 0;
    }, "the synchronous execution's job to be dropped");

    const plain = await post(urls.get("plain")!, {});
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({ received: true });
  });

  it("answers inline for a body kept as a file too, with the reference as the flow's $.body", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const urls = await endpointUrls(organizationId, instance.id);
    const large = { name: "Ada", padding: "x".repeat(300 * 1024) };
    const response = await post(urls.get("plain")!, large);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ received: true });
    const execution = await executionOf(response.headers.get("x-switchyard-execution-id")!);
    expect(execution.status).toBe("succeeded");
    expect((execution.input as { body: unknown }).body).toMatchObject({ $blob: expect.any(String), name: "body.json", size: JSON.stringify(large).length });
    await waitFor(async () => {
      const [row] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE key = ${`exec:${execution.id}`}`;
      return Number(row.n) === 0;
    }, "the synchronous execution's job to be dropped");
  });

  it("falls back to 202 with the execution id past its timeout, and a worker finishes it", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const response = await post((await endpointUrls(organizationId, instance.id)).get("slow")!, {});
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };
    // Answered while the slow action was still running: nothing committed yet.
    expect(await db().stepRun.count({ where: { executionId } })).toBe(0);
    const finished = await waitFor(async () => {
      const execution = await executionOf(executionId);
      return execution.status === "succeeded" ? execution : null;
    }, "the slow execution to finish");
    expect(finished.output).toEqual({ done: true });
    const steps = await db().stepRun.findMany({ where: { executionId }, orderBy: { sequence: "asc" } });
    expect(steps.map((s) => s.stateName)).toEqual(["Slow", "After"]);
  });
});

describe("events", () => {
  const manifest = () => `key: ${uniqueKey("events")}
name: Events
flows:
  - key: checkout
    trigger: { type: manual }
    StartAt: Emit
    States:
      Emit: { Type: Action, Action: switchyard.emitEvent, Parameters: { type: order.paid, payload.$: $.order }, End: true }
  - key: fulfil
    trigger: { type: event, eventType: order.paid }
    StartAt: Ship
    States:
      Ship: { Type: Action, Action: test.ship, Parameters: { id.$: $.id }, End: true }
  - key: approval
    trigger: { type: manual }
    StartAt: Wait
    States:
      Wait: { Type: WaitForEvent, Matches: { "$.body.decision": approved }, ResultPath: $.approval, End: true }
  - key: hook
    trigger: { type: webhook }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

  it("starts the flows subscribed to an event another flow emits, once", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const { executionId } = await startManualExecution(organizationId, { instanceId: instance.id, flowKey: "checkout", payload: { order: { id: "o-1" } } });
    const fulfil = await waitFor(
      async () => db().execution.findFirst({ where: { instanceId: instance.id, flowKey: "fulfil", status: "succeeded" } }),
      "the subscribed flow to run",
    );
    expect(fulfil.trigger).toBe("event");
    expect(fulfil.input).toEqual({ id: "o-1" });
    const checkout = await executionOf(executionId);
    expect(checkout.output).toMatchObject({ eventId: fulfil.eventId, executionIds: [fulfil.id], flowKeys: ["fulfil"] });
    const event = await db().event.findUniqueOrThrow({ where: { id: fulfil.eventId! } });
    expect(event).toMatchObject({ source: "flow:checkout", eventType: "order.paid", verdict: "accepted" });
    expect(calls.filter((c) => c.action === "test.ship" && (c.parameters as { id: string }).id === "o-1")).toHaveLength(1);
  });

  it("refuses to start a flow the integration does not have, naming it", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    await expect(startManualExecution(organizationId, { instanceId: instance.id, flowKey: "nope" })).rejects.toThrow(/no flow "nope"/);
  });

  it("hands an accepted delivery to the instance's executions waiting on WaitForEvent", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const { id } = await startExecution(organizationId, { instanceId: instance.id, flowKey: "approval", input: { request: 1 }, trigger: "manual" });
    await waitFor(async () => (await executionOf(id)).status === "waiting", "the approval flow to wait");
    const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
    expect((await postHook(url, { body: JSON.stringify({ decision: "rejected" }), headers: { "content-type": "application/json" } })).status).toBe(202);
    expect((await postHook(url, { body: JSON.stringify({ decision: "approved" }), headers: { "content-type": "application/json" } })).status).toBe(202);
    const done = await waitFor(async () => {
      const execution = await executionOf(id);
      return execution.status === "succeeded" ? execution : null;
    }, "the waiting execution to resume");
    expect(done.output).toMatchObject({ request: 1, approval: { body: { decision: "approved" } } });
  });
});
