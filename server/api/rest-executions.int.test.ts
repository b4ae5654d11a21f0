import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { executionOperations } from "@/server/api/operations/executions";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { apiKeyFor, callRoute, manualManifest } from "./testing/call-route";

const { cancel: cancelExecution, replay: replayExecution, get: getExecution, list: listExecutions, start: startExecution } = executionOperations;

let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
});

async function setUp() {
  const { organization } = await createOrganizationWithMember();
  const key = await apiKeyFor(organization.id);
  const { instance, integration } = await deployIntegration({
    organizationId: organization.id,
    manifest: manualManifest(uniqueKey("exec")),
    config: { greeting: "Hello" },
  });
  return { organization, key, instance, integration };
}

async function finished(key: string, id: string) {
  return waitFor(async () => {
    const answer = await callRoute(getExecution, `/api/v1/executions/${id}`, { key, params: { id } });
    return ["succeeded", "failed", "cancelled"].includes(answer.json.status) && answer.json;
  }, `execution ${id} to finish`);
}

describe("REST /api/v1/executions", () => {
  it("starts a flow by hand and reads the execution with its steps", async () => {
    const { key, instance } = await setUp();
    const started = await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "hello", input: { name: "Ada" } } });
    expect(started.status).toBe(202);
    expect(started.json).toEqual({ id: expect.any(String), status: "queued" });
    const detail = await finished(key, started.json.id);
    expect(detail).toMatchObject({ status: "succeeded", flowKey: "hello", trigger: "manual", input: { name: "Ada" }, output: { message: "Hello Ada" } });
    expect(detail.steps).toEqual([expect.objectContaining({ stateName: "Greet", stateType: "Pass", status: "succeeded", attempt: 1 })]);

    const unknownFlow = await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "nope" } });
    expect(unknownFlow.json.error).toMatchObject({ code: "NOT_FOUND", field: "flowKey" });
  });

  it("searches by status, flow and text in payloads and errors, and replays a failed execution", async () => {
    const { key, instance, integration } = await setUp();
    const ok = await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "hello", input: { name: "Zebulon" } } });
    const bad = await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "explode", input: {} } });
    await finished(key, ok.json.id);
    const failed = await finished(key, bad.json.id);
    expect(failed).toMatchObject({ status: "failed", error: { Error: "Exploded", Cause: "it blew up" } });

    const ids = async (query: Record<string, string>) =>
      (await callRoute(listExecutions, "/api/v1/executions", { key, query })).json.data.map((e: { id: string }) => e.id);
    expect(await ids({ q: "zebul" })).toEqual([ok.json.id]);
    expect(await ids({ q: "blew up" })).toEqual([bad.json.id]);
    expect(await ids({ status: "failed" })).toEqual([bad.json.id]);
    expect(await ids({ flowKey: "hello", integrationId: integration.id })).toEqual([ok.json.id]);
    expect(await ids({ from: new Date(Date.now() + 60_000).toISOString() })).toEqual([]);
    expect(await ids({ q: "100%_" })).toEqual([]);
    const page = await callRoute(listExecutions, "/api/v1/executions", { key, query: { limit: "1" } });
    const rest = await callRoute(listExecutions, "/api/v1/executions", { key, query: { limit: "1", cursor: page.json.nextCursor } });
    expect([...page.json.data, ...rest.json.data].map((e: { id: string }) => e.id).sort()).toEqual([ok.json.id, bad.json.id].sort());

    const replay = await callRoute(replayExecution, "/x", { key, params: { id: bad.json.id }, body: { from: "failed-state" } });
    expect(replay.status).toBe(202);
    const replayed = await finished(key, replay.json.id);
    expect(replayed).toMatchObject({ trigger: "replay", replayOfId: bad.json.id, status: "failed" });
    const original = await callRoute(getExecution, "/x", { key, params: { id: bad.json.id } });
    expect(original.json.replays).toEqual([expect.objectContaining({ id: replay.json.id })]);

    const cancelFinished = await callRoute(cancelExecution, "/x", { key, params: { id: ok.json.id } });
    expect(cancelFinished.json.error).toMatchObject({ code: "CONFLICT", message: expect.stringContaining("succeeded") });
  });

  it("keeps executions to their organization", async () => {
    const { key, instance } = await setUp();
    const started = await callRoute(startExecution, "/api/v1/executions", { key, body: { instanceId: instance.id, flowKey: "hello", input: { name: "x" } } });
    const other = await apiKeyFor((await createOrganizationWithMember()).organization.id);
    expect((await callRoute(listExecutions, "/api/v1/executions", { key: other })).json.data).toEqual([]);
    expect((await callRoute(getExecution, "/x", { key: other, params: { id: started.json.id } })).status).toBe(404);
    expect((await callRoute(replayExecution, "/x", { key: other, params: { id: started.json.id }, body: {} })).status).toBe(404);
    const foreignStart = await callRoute(startExecution, "/api/v1/executions", { key: other, body: { instanceId: instance.id, flowKey: "hello" } });
    expect(foreignStart.json.error).toMatchObject({ code: "NOT_FOUND", field: "instanceId" });
  });
});
