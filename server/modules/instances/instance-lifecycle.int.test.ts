/** Deploy and remove flows moving an instance through its statuses, with a real worker. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { startManualExecution } from "@/server/triggers/manual";
import type { RunningWorker } from "@/server/worker/start-worker";
import { removeInstance } from "./instance-lifecycle.service";
import { findInstance } from "./instances.repo";

const calls: InvokeActionRequest[] = [];
let organizationId: string;
let worker: RunningWorker;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  worker = await startTestWorker({
    actionInvoker: () => async (request) => {
      calls.push(request);
      return { ok: true };
    },
  });
});

afterAll(() => worker.stop());

const manifest = (deployState: string) => `key: ${uniqueKey("lifecycle")}
name: Lifecycle
flows:
  - key: setup
    trigger: { type: instance.deploy }
    StartAt: Register
    States:
      Register: ${deployState}
  - key: teardown
    trigger: { type: instance.remove }
    StartAt: Unregister
    States:
      Unregister: { Type: Action, Action: test.unregister, Parameters: { instance.$: $$.Instance.Id }, End: true }
  - key: hook
    trigger: { type: webhook }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

const statusOf = async (id: string) => (await findInstance(organizationId, id))?.status ?? "deleted";

describe("instance lifecycle", () => {
  it("is deploying until its deploy flow succeeds, then active; deliveries wait meanwhile", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest("{ Type: Wait, Seconds: 1, Next: Ok }\n      Ok: { Type: Succeed }") });
    expect(instance.status).toBe("deploying");
    const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
    const early = await postHook(url, { body: "{}" });
    expect(early.status).toBe(503);
    expect(early.headers.get("retry-after")).not.toBeNull();
    await expect(startManualExecution(organizationId, { instanceId: instance.id, flowKey: "hook" })).rejects.toThrow(/deploying instance/);

    await waitFor(async () => (await statusOf(instance.id)) === "active", "the instance to become active");
    const active = await findInstance(organizationId, instance.id);
    expect(active?.deployedAt).not.toBeNull();
    expect((await postHook(url, { body: "{}" })).status).toBe(202);
    await expect(startManualExecution(organizationId, { instanceId: instance.id, flowKey: "setup" })).rejects.toThrow(/runs on activation/);
  });

  it("fails with the deploy flow's error visible in statusReason", async () => {
    const failing = '{ Type: Fail, Error: WebhookRegistrationFailed, Cause: "GitHub answered 422: hook already exists" }';
    const { instance } = await deployIntegration({ organizationId, manifest: manifest(failing) });
    await waitFor(async () => (await statusOf(instance.id)) === "failed", "the instance to fail");
    const failed = await findInstance(organizationId, instance.id);
    expect(failed?.statusReason).toBe('Deploy flow "setup" failed: WebhookRegistrationFailed: GitHub answered 422: hook already exists');
  });

  it("runs the remove flow (removing) before deleting the instance and its endpoints", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest("{ Type: Succeed }") });
    await waitFor(async () => (await statusOf(instance.id)) === "active", "the instance to become active");
    expect(await removeInstance(organizationId, instance.id)).toEqual({ status: "removing" });
    expect(await statusOf(instance.id)).toBe("removing");
    await waitFor(async () => (await statusOf(instance.id)) === "deleted", "the instance to be deleted");
    expect(calls.filter((c) => c.action === "test.unregister" && (c.parameters as { instance: string }).instance === instance.id)).toHaveLength(1);
    const teardown = await db().execution.findFirstOrThrow({ where: { instanceId: instance.id, flowKey: "teardown" } });
    expect(teardown.status).toBe("succeeded");
    expect(await db().endpoint.count({ where: { instanceId: instance.id } })).toBe(0);
  });
});
