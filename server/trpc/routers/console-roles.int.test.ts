import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualManifest } from "@/server/api/testing/call-route";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { addMember, callerAs, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";

let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
});

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

describe("console roles", () => {
  it("lets support read and replay (single and bulk) but not push, publish, list or change settings", async () => {
    const { organization, user: owner } = await createOrganizationWithMember();
    const support = callerAs({ userId: (await addMember(organization.id, "support")).id });
    const { instance, integration, version } = await deployIntegration({
      organizationId: organization.id,
      manifest: manualManifest(uniqueKey("roles")),
      config: { greeting: "Hi" },
    });
    const admin = callerAs({ userId: owner.id });
    const started = await admin.executions.start({ instanceId: instance.id, flowKey: "explode", input: {} });
    await waitFor(async () => (await support.executions.get({ id: started.id })).status === "failed", "the failure");

    expect((await support.integrations.list({ limit: 10 })).data.map((i) => i.id)).toEqual([integration.id]);
    expect((await support.executions.list({ limit: 10, status: "failed" })).data.map((e) => e.id)).toEqual([started.id]);
    const replay = await support.executions.replay({ id: started.id, from: "start", version: "same" });
    expect(replay.status).toBe("queued");
    const bulk = await support.executions.bulkReplay({ executionIds: [started.id, replay.id] });
    expect(bulk[0]).toMatchObject({ executionId: started.id, replayId: expect.any(String), error: null });
    // The replay may not have failed yet; either way it is reported, not thrown.
    expect(bulk[1].executionId).toBe(replay.id);

    const source = manualManifest(integration.key, "# changed\n");
    expect(await codeOf(support.integrations.push({ source }))).toBe("FORBIDDEN");
    expect(await codeOf(support.integrations.publish({ integrationId: integration.id, versionId: version.id }))).toBe("FORBIDDEN");
    expect(await codeOf(support.integrations.updateListing({ id: integration.id, listed: true }))).toBe("FORBIDDEN");
    expect(await codeOf(support.apiKeys.create({ name: "nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(support.members.add({ email: "x@example.test", name: "X", role: "admin", password: "long-enough-password" }))).toBe("FORBIDDEN");
    expect(await codeOf(support.customers.create({ externalId: "nope" }))).toBe("FORBIDDEN");
    expect(await codeOf(support.instances.pause({ id: instance.id }))).toBe("FORBIDDEN");
    expect(await codeOf(support.instances.remove({ id: instance.id }))).toBe("FORBIDDEN");
  });

  it("answers a console push of a broken manifest with its problems at their lines, and updates the marketplace listing", async () => {
    const { user } = await createOrganizationWithMember();
    const admin = callerAs({ userId: user.id });
    const key = uniqueKey("console");
    const broken = await admin.integrations.push({ source: manualManifest(key).replace("Type: Pass", "Type: Passs") });
    expect(broken).toMatchObject({ ok: false, errors: [expect.objectContaining({ path: "flows[0].States.Greet.Type", line: 17 })] });
    const pushed = await admin.integrations.push({ source: manualManifest(key) });
    if (!pushed.ok) throw new Error("expected the push to succeed");
    const listed = await admin.integrations.updateListing({ id: pushed.integration.id, listed: true, category: "CRM", icon: "" });
    expect(listed).toMatchObject({ listed: true, category: "CRM", icon: null });
    // Fields left out stay as they are; an empty one clears.
    await admin.integrations.updateListing({ id: pushed.integration.id, icon: "github" });
    expect(await admin.integrations.updateListing({ id: pushed.integration.id, listed: false })).toMatchObject({
      listed: false,
      category: "CRM",
      icon: "github",
    });
    expect(await admin.integrations.updateListing({ id: pushed.integration.id, category: "" })).toMatchObject({
      listed: false,
      category: null,
      icon: "github",
    });
    await admin.integrations.publish({ integrationId: pushed.integration.id, versionId: pushed.version.id });
    const second = await admin.integrations.push({ source: manualManifest(key).replace("Says hello.", "Says hi.") });
    if (!second.ok) throw new Error("expected the second push to succeed");
    const diff = await admin.integrations.diff({ integrationId: pushed.integration.id, fromVersionId: pushed.version.id, toVersionId: second.version.id });
    expect(diff).toMatchObject({ added: 1, removed: 1 });
    const changed = diff.hunks.flatMap((hunk) => hunk.lines).filter((l) => l.kind !== "same");
    expect(changed.map((l) => `${l.kind}:${l.text}`)).toEqual(["removed:description: Says hello.", "added:description: Says hi."]);
    // Only the lines around the change, not the whole file.
    expect(diff.hunks[0].lines.length).toBeLessThanOrEqual(8);
  });

  it("lets only owners manage members, and never removes or demotes the last owner", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const owner = callerAs({ userId: user.id });
    const admin = callerAs({ userId: (await addMember(organization.id, "admin")).id });
    const added = await owner.members.add({
      email: `new-${uniqueKey("m")}@example.test`,
      name: "New Person",
      role: "support",
      password: "initial-password-123",
    });
    expect(added.role).toBe("support");
    expect(await codeOf(owner.members.add({ email: added.email, name: "Again", role: "admin", password: "initial-password-123" }))).toBe("CONFLICT");
    expect(await codeOf(admin.members.changeRole({ membershipId: added.id, role: "owner" }))).toBe("FORBIDDEN");

    const ownerMembership = (await owner.members.list()).find((m) => m.userId === user.id)!;
    expect(await codeOf(owner.members.remove({ membershipId: ownerMembership.id }))).toBe("CONFLICT");
    expect(await codeOf(owner.members.changeRole({ membershipId: ownerMembership.id, role: "admin" }))).toBe("CONFLICT");

    await owner.members.changeRole({ membershipId: added.id, role: "owner" });
    await owner.members.changeRole({ membershipId: ownerMembership.id, role: "admin" });
    expect((await owner.members.list()).find((m) => m.id === ownerMembership.id)?.role).toBe("admin");
    // Demoted, the former owner can no longer manage members.
    expect(await codeOf(callerAs({ userId: user.id }).members.remove({ membershipId: added.id }))).toBe("FORBIDDEN");
    const other = await createOrganizationWithMember();
    expect(await codeOf(callerAs({ userId: other.user.id }).members.remove({ membershipId: added.id }))).toBe("NOT_FOUND");
  });

  it("shows executions per hour and the integrations failing most on the dashboard", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const admin = callerAs({ userId: user.id });
    const { instance, integration } = await deployIntegration({
      organizationId: organization.id,
      manifest: manualManifest(uniqueKey("dash")),
      config: { greeting: "Hi" },
    });
    const ok = await admin.executions.start({ instanceId: instance.id, flowKey: "hello", input: { name: "a" } });
    const bad = await admin.executions.start({ instanceId: instance.id, flowKey: "explode", input: {} });
    await waitFor(
      async () => (await admin.executions.get({ id: ok.id })).status === "succeeded" && (await admin.executions.get({ id: bad.id })).status === "failed",
      "both",
    );
    const dashboard = await admin.executions.dashboard();
    expect(dashboard.hours).toHaveLength(24);
    expect(dashboard.hours.at(-1)?.counts).toMatchObject({ succeeded: 1, failed: 1 });
    expect(dashboard.failureRate).toBe(0.5);
    expect(dashboard.failingIntegrations).toEqual([{ id: integration.id, key: integration.key, name: integration.name, failed: 1, total: 2 }]);
  });
});
