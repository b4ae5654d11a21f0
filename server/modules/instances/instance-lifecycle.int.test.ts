/** Deploy and remove flows moving an instance through its statuses, with a real worker. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import type { InvokeActionRequest } from "@/server/engine/step-outcome";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { startManualExecution } from "@/server/triggers/kinds/manual/manual";
import type { RunningWorker } from "@/server/worker/start-worker";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { reconfigureInstance } from "./instance-config.service";
import { pauseInstance, removeInstance } from "./instance-lifecycle.service";
import { findInstance } from "./instances.repo";
import { upgradeInstance } from "./instances.service";

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

/** Waits for the instance's status; on timeout says where it and its executions stood. */
async function untilStatus(id: string, status: string, what: string) {
  try {
    await waitFor(async () => (await statusOf(id)) === status, what);
  } catch (error) {
    const runs = await db().execution.findMany({ where: { instanceId: id }, orderBy: { createdAt: "asc" }, select: { flowKey: true, status: true } });
    const jobs = await db().$queryRaw<
      unknown[]
    >`SELECT t.identifier, j.key, j.attempts, j.last_error, j.locked_at IS NOT NULL AS locked FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE j.payload->>'instanceId' = ${id}`;
    throw new Error(
      `${(error as Error).message}: the instance is ${await statusOf(id)}; its executions ${JSON.stringify(runs)}; its jobs ${JSON.stringify(jobs)}`,
    );
  }
}

describe("instance lifecycle", () => {
  it("is deploying until its deploy flow succeeds, then active; deliveries meanwhile are held and run then", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest("{ Type: Wait, Seconds: 2, Next: Ok }\n      Ok: { Type: Succeed }") });
    expect(instance.status).toBe("deploying");
    const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
    const early = await postHook(url, { body: '{"ping":1}', headers: { "content-type": "application/json" } });
    expect(early.status).toBe(202);
    const held = (await early.json()) as { status: string; eventId: string };
    expect(held.status).toBe("buffered");
    expect(await db().execution.count({ where: { instanceId: instance.id, flowKey: "hook" } })).toBe(0);
    await expect(startManualExecution(organizationId, { instanceId: instance.id, flowKey: "hook" })).rejects.toThrow(/deploying instance/);

    await untilStatus(instance.id, "active", "the instance to become active");
    const active = await findInstance(organizationId, instance.id);
    expect(active?.deployedAt).not.toBeNull();
    const released = await waitFor(() => db().execution.findFirst({ where: { instanceId: instance.id, flowKey: "hook" } }), "the held delivery to run");
    expect(released).toMatchObject({ eventId: held.eventId, input: { body: { ping: 1 } } });
    expect(await db().event.findUniqueOrThrow({ where: { id: held.eventId } })).toMatchObject({
      verdict: "accepted",
      reason: expect.stringContaining("released when the deploy succeeded"),
    });
    expect((await postHook(url, { body: "{}" })).status).toBe(202);
    await expect(startManualExecution(organizationId, { instanceId: instance.id, flowKey: "setup" })).rejects.toThrow(/runs on activation/);
  });

  it("fails with the deploy flow's error visible in statusReason, and drops what it held", async () => {
    const failing =
      '{ Type: Wait, Seconds: 2, Next: Refuse }\n      Refuse: { Type: Fail, Error: WebhookRegistrationFailed, Cause: "GitHub answered 422: hook already exists" }';
    const { instance } = await deployIntegration({ organizationId, manifest: manifest(failing) });
    const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
    const early = await postHook(url, { body: "{}" });
    expect(await early.json()).toMatchObject({ status: "buffered" });
    await untilStatus(instance.id, "failed", "the instance to fail");
    const failed = await findInstance(organizationId, instance.id);
    expect(failed?.statusReason).toBe('Deploy flow "setup" failed: WebhookRegistrationFailed: GitHub answered 422: hook already exists');
    const [event] = await db().event.findMany({ where: { instanceId: instance.id } });
    expect(event).toMatchObject({ verdict: "dropped", reason: expect.stringContaining('dropped: the instance failed to deploy (Deploy flow "setup" failed') });
    expect(await db().execution.count({ where: { instanceId: instance.id, flowKey: "hook" } })).toBe(0);
  });

  it("runs the remove flow (removing) before deleting the instance and its endpoints", async () => {
    const { instance } = await deployIntegration({ organizationId, manifest: manifest("{ Type: Succeed }") });
    await untilStatus(instance.id, "active", "the instance to become active");
    expect(await removeInstance(organizationId, instance.id)).toEqual({ status: "removing" });
    expect(await statusOf(instance.id)).toBe("removing");
    await untilStatus(instance.id, "deleted", "the instance to be deleted");
    expect(calls.filter((c) => c.action === "test.unregister" && (c.parameters as { instance: string }).instance === instance.id)).toHaveLength(1);
    const teardown = await db().execution.findFirstOrThrow({ where: { instanceId: instance.id, flowKey: "teardown" } });
    expect(teardown.status).toBe("succeeded");
    expect(await db().endpoint.count({ where: { instanceId: instance.id } })).toBe(0);
  });

  describe("after a change of settings or version", () => {
    // "setup" (onChange) answers the configured repository, and fails for the one called
    // "broken"; "once" runs on activation only. Only engine states: every test file's worker
    // shares the queue, and one without this file's action invoker may run them.
    const redeployManifest = (key: string, note = "v1") => `key: ${key}
name: Redeploy
releaseNotes: ${note}
config:
  pages:
    - title: Where
      fields:
        - { key: repo, type: string, required: true }
flows:
  - key: setup
    trigger: { type: instance.deploy, onChange: true }
    StartAt: Check
    States:
      Check: { Type: Choice, Choices: [{ Variable: $$.Config.repo, StringEquals: broken, Next: Refuse }], Default: Register }
      Refuse: { Type: Fail, Error: RepositoryNotFound, Cause: "no repository called broken" }
      Register: { Type: Pass, Parameters: { repo.$: $$.Config.repo, note: ${note} }, End: true }
  - key: once
    trigger: { type: instance.deploy }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: hook
    trigger: { type: webhook }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const registered = (instanceId: string) =>
      db().execution.findMany({
        where: { instanceId, flowKey: "setup" },
        orderBy: { createdAt: "asc" },
        select: { status: true, integrationVersionId: true, output: true },
      });
    const registrations = async (instanceId: string, repo: string) =>
      (await registered(instanceId)).filter((run) => run.status === "succeeded" && (run.output as { repo?: string } | null)?.repo === repo);

    it("runs the deploy flow again with the new settings while the instance stays active and keeps receiving", async () => {
      const { instance } = await deployIntegration({ organizationId, manifest: redeployManifest(uniqueKey("redeploy")), config: { repo: uniqueKey("first") } });
      await untilStatus(instance.id, "active", "the instance to become active");
      const repo = uniqueKey("second");
      await reconfigureInstance(organizationId, instance.id, { repo });
      expect(await statusOf(instance.id)).toBe("active");
      const url = (await endpointUrls(organizationId, instance.id)).get("hook")!;
      expect((await postHook(url, { body: "{}" })).status).toBe(202);
      await waitFor(async () => (await registrations(instance.id, repo)).length === 1, "the deploy flow to run with the new repository");
      await waitFor(async () => (await registered(instance.id)).every((run) => run.status === "succeeded"), "the redeploy to finish");
      expect(await registered(instance.id)).toHaveLength(2);
      expect(await db().execution.count({ where: { instanceId: instance.id, flowKey: "once" } })).toBe(1);
      expect(await statusOf(instance.id)).toBe("active");
    });

    it("deploys an instance whose first deploy failed again with every deploy flow once a setting is corrected", async () => {
      const { instance } = await deployIntegration({ organizationId, manifest: redeployManifest(uniqueKey("redeploy")), config: { repo: "broken" } });
      await untilStatus(instance.id, "failed", "the first deploy to fail");
      await reconfigureInstance(organizationId, instance.id, { repo: uniqueKey("fixed") });
      expect(await statusOf(instance.id)).toBe("deploying");
      await untilStatus(instance.id, "active", "the instance to become active");
      expect(await db().execution.count({ where: { instanceId: instance.id, flowKey: "once" } })).toBe(2);
    });

    it("marks the instance failed when the redeploy fails, and a corrected setting deploys it again", async () => {
      const { instance } = await deployIntegration({ organizationId, manifest: redeployManifest(uniqueKey("redeploy")), config: { repo: uniqueKey("first") } });
      await untilStatus(instance.id, "active", "the instance to become active");
      await reconfigureInstance(organizationId, instance.id, { repo: "broken" });
      await untilStatus(instance.id, "failed", "the instance to fail");
      expect((await findInstance(organizationId, instance.id))?.statusReason).toBe(
        'Redeploy flow "setup" failed: RepositoryNotFound: no repository called broken',
      );

      await reconfigureInstance(organizationId, instance.id, { repo: uniqueKey("fixed") });
      expect(await statusOf(instance.id)).toBe("deploying");
      await untilStatus(instance.id, "active", "the instance to become active again");
      expect((await findInstance(organizationId, instance.id))?.statusReason).toBeNull();
    });

    it("a paused instance stays paused while its deploy flow runs again", async () => {
      const { instance } = await deployIntegration({ organizationId, manifest: redeployManifest(uniqueKey("redeploy")), config: { repo: uniqueKey("first") } });
      await untilStatus(instance.id, "active", "the instance to become active");
      await pauseInstance(organizationId, instance.id);
      const repo = uniqueKey("paused");
      await reconfigureInstance(organizationId, instance.id, { repo });
      await waitFor(async () => (await registrations(instance.id, repo)).length === 1, "the deploy flow to run with the new repository");
      await waitFor(async () => (await registered(instance.id)).every((run) => run.status === "succeeded"), "the redeploy to finish");
      expect(await statusOf(instance.id)).toBe("paused");
    });

    it("runs the new version's deploy flow after an upgrade, on the new version", async () => {
      const key = uniqueKey("redeploy");
      const { instance } = await deployIntegration({ organizationId, manifest: redeployManifest(key), config: { repo: uniqueKey("first") } });
      await untilStatus(instance.id, "active", "the instance to become active");
      const pushed = await pushManifest(organizationId, redeployManifest(key, "v2"));
      await publishVersion(organizationId, pushed.version.id);
      const upgraded = await upgradeInstance(organizationId, instance.id);
      expect(upgraded).toMatchObject({ version: { version: 2 }, status: "active" });
      await waitFor(
        async () => (await registered(instance.id)).length === 2 && (await registered(instance.id)).every((run) => run.status === "succeeded"),
        "the redeploy to finish",
      );
      const [, again] = await registered(instance.id);
      expect(again.integrationVersionId).toBe(pushed.version.id);
      expect(again.output).toMatchObject({ note: "v2" });
    });
  });
});
