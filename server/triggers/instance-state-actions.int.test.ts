/**
 * Instance state for flows: the platform actions switchyard.setState / switchyard.getState, and a
 * webhook trigger whose verify secret is read from that state (`secret: { state: key }`).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { instanceStateStore } from "@/server/modules/instances/instance-state.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, githubDelivery, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";
import { startManualExecution } from "./kinds/manual/manual";

const calls: InvokeActionRequest[] = [];
const invoke = async (request: InvokeActionRequest) => {
  calls.push(request);
  return { ok: true };
};

let organizationId: string;
let worker: RunningWorker;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  worker = await startTestWorker({ actionInvoker: () => invoke });
});

afterAll(async () => {
  await worker.stop();
});

const manifest = () => `key: ${uniqueKey("state")}
name: State
flows:
  - key: remember
    trigger: { type: manual }
    StartAt: Before
    States:
      Before: { Type: Action, Action: switchyard.getState, Parameters: { key: seen }, ResultPath: $.before, Next: Write }
      Write: { Type: Action, Action: switchyard.setState, Parameters: { key: seen, value.$: $.ids }, ResultPath: $.written, Next: After }
      After: { Type: Action, Action: switchyard.getState, Parameters: { key: seen }, ResultPath: $.after, End: true }
  - key: broken
    trigger: { type: manual }
    StartAt: Bad
    States:
      Bad: { Type: Action, Action: switchyard.setState, Parameters: { value: 1 }, End: true }
  - key: hook
    trigger: { type: webhook, verify: { preset: github, secret: { state: signingSecret } } }
    StartAt: Note
    States:
      Note: { Type: Action, Action: test.note, Parameters: { number.$: $.body.number }, End: true }
`;

const executionOf = (id: string) => db().execution.findUniqueOrThrow({ where: { id } });

describe("switchyard.getState / switchyard.setState", () => {
  it("reads null for an unset key, writes a JSON value and reads it back, per instance", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const { instance: other } = await deployIntegration({ organizationId, manifest: manifest() });
    const { executionId } = await startManualExecution(organizationId, { instanceId: instance.id, flowKey: "remember", payload: { ids: [7, 9] } });
    const done = await waitFor(async () => {
      const execution = await executionOf(executionId);
      return ["succeeded", "failed"].includes(execution.status) && execution;
    }, "the state flow to finish");
    expect(done.status).toBe("succeeded");
    expect(done.output).toMatchObject({ before: { value: null }, written: { key: "seen" }, after: { value: [7, 9] } });
    expect(await instanceStateStore(instance.id).get("seen")).toEqual([7, 9]);
    expect(await instanceStateStore(other.id).get("seen")).toBeUndefined();
  });

  it("fails the execution without retrying when Parameters lack the key", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const { executionId } = await startManualExecution(organizationId, { instanceId: instance.id, flowKey: "broken" });
    const done = await waitFor(async () => {
      const execution = await executionOf(executionId);
      return execution.status === "failed" && execution;
    }, "the broken flow to fail");
    expect(JSON.stringify(done.error)).toMatch(/switchyard\.setState needs Parameters \{ key, value \}/);
  });
});

describe("verify secret from instance state", () => {
  it("rejects deliveries until the state holds the secret, then verifies against it", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest() });
    const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
    const before = githubDelivery("state-held-secret", { number: 1 });
    expect((await postHook(url, { body: before.body, headers: before.headers })).status).toBe(401);

    await instanceStateStore(instance.id).set("signingSecret", "state-held-secret");
    const signed = githubDelivery("state-held-secret", { number: 2 });
    expect((await postHook(url, { body: signed.body, headers: signed.headers })).status).toBe(202);
    const forged = githubDelivery("some-other-secret", { number: 3 });
    expect((await postHook(url, { body: forged.body, headers: forged.headers })).status).toBe(401);

    await waitFor(async () => calls.some((c) => c.action === "test.note" && (c.parameters as { number: number }).number === 2), "the verified delivery to run");
    const verdicts = await db().event.findMany({ where: { instanceId: instance.id }, orderBy: { receivedAt: "asc" }, select: { verdict: true } });
    expect(verdicts.map((v) => v.verdict)).toEqual(["rejected", "accepted", "rejected"]);
  });
});
