import { beforeAll, describe, expect, it } from "vitest";
import { sealJson } from "@/server/crypto/keyring";
import { db } from "@/server/db/client";
import { startLocalServer } from "@/server/connectors/testing/local-server";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { callerAs } from "@/server/testing/factories";
import { loadDataSourceOptions } from "./data-source.service";
import { createEmbedWorld, syncManifest, type EmbedWorld } from "@/server/testing/embed-test-setup";

describe("the activation wizard and the instance page, as the customer uses them", () => {
  let world: EmbedWorld;
  beforeAll(async () => {
    world = await createEmbedWorld();
  });

  it("validates each page, saves progress so a reload resumes, keeps secrets out of every answer, and deploys", async () => {
    const { instanceId } = await world.b.embed.wizard.activate({ integrationKey: world.integrationKey });
    const state = await world.b.embed.wizard.state({ instanceId });
    expect(state.pages.map((p) => p.title)).toEqual(["Connections", "Settings"]);
    expect(state.page).toBe(0);

    expect(await world.b.embed.wizard.savePage({ instanceId, page: 0, values: {}, validate: true })).toEqual({ page: 1, problems: [] });
    const tooShort = await world.b.embed.wizard.savePage({ instanceId, page: 1, values: { project: "ab", apiToken: "typed-secret-123" }, validate: true });
    expect(tooShort).toEqual({ page: 1, problems: [{ field: "project", message: "must be at least 3 characters" }] });
    expect((await world.b.embed.wizard.savePage({ instanceId, page: 1, values: { project: "abc", apiToken: "typed-secret-123" }, validate: true })).page).toBe(
      2,
    );

    const resumed = await world.b.embed.wizard.state({ instanceId });
    expect(resumed).toMatchObject({ page: 2, status: "configuring", values: { project: "abc" }, secretsSet: ["apiToken"] });
    expect(JSON.stringify(resumed)).not.toContain("typed-secret-123");

    const deployed = await world.b.embed.wizard.deploy({ instanceId, values: { project: "abc" } });
    expect(deployed).toMatchObject({ status: "active", integrationKey: world.integrationKey, version: 1 });
    const instance = await world.b.embed.instances.get({ instanceId });
    expect(instance).toMatchObject({ status: "active", values: { project: "abc" }, secretsSet: ["apiToken"], upgrade: null });
    expect(JSON.stringify(instance)).not.toContain("typed-secret-123");
    // The secret typed in the wizard is the one the flows get.
    const row = await db().instance.findUniqueOrThrow({ where: { id: instanceId } });
    expect(row.wizardProgress).toBeNull();
    expect(row.configSecretsEncrypted).toBeTruthy();
  });

  it("refuses to deploy with invalid values and names the field", async () => {
    const fresh = await createEmbedWorld();
    const { instanceId } = await fresh.b.embed.wizard.activate({ integrationKey: fresh.integrationKey });
    await expect(fresh.b.embed.wizard.deploy({ instanceId, values: { project: "x" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: "project must be at least 3 characters",
    });
    expect((await fresh.b.embed.wizard.state({ instanceId })).status).toBe("configuring");
  });

  it("reconfigures, pauses and resumes an active instance", async () => {
    await expect(world.a.embed.instances.reconfigure({ instanceId: world.instanceId, values: { project: "no" } })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await world.a.embed.instances.reconfigure({ instanceId: world.instanceId, values: { project: "alpha-2" } });
    expect((await world.a.embed.instances.get({ instanceId: world.instanceId })).values).toEqual({ project: "alpha-2" });
    await world.a.embed.instances.pause({ instanceId: world.instanceId });
    expect((await world.a.embed.instances.get({ instanceId: world.instanceId })).status).toBe("paused");
    await world.a.embed.instances.resume({ instanceId: world.instanceId });
    expect((await world.a.embed.instances.get({ instanceId: world.instanceId })).status).toBe("active");
  });

  it("offers an upgrade that asks only for the fields the new version adds", async () => {
    const extra = `    - title: Routing\n      fields:\n        - { key: team, type: string, required: true }\n`;
    const manifest = syncManifest(world.integrationKey).replace("flows:", `${extra}flows:`);
    const pushed = await pushManifest(world.organization.id, manifest);
    // Published from the console, which asks for the release notes the customer reads with the offer.
    await callerAs({ userId: world.owner.id }).integrations.publish({
      integrationId: pushed.integration.id,
      versionId: pushed.version.id,
      releaseNotes: "Tickets can go to a team.",
    });
    const before = await world.a.embed.instances.get({ instanceId: world.instanceId });
    expect(before.upgrade?.version).toBe(2);
    expect(before.upgrade?.releaseNotes).toBe("Tickets can go to a team.");
    expect(before.upgrade?.newFields.map((f) => f.key)).toEqual(["team"]);
    await expect(world.a.embed.instances.upgrade({ instanceId: world.instanceId, values: {} })).rejects.toMatchObject({ message: "team is required" });
    expect(await world.a.embed.instances.upgrade({ instanceId: world.instanceId, values: { team: "tier-1" } })).toMatchObject({ version: 2 });
    const after = await world.a.embed.instances.get({ instanceId: world.instanceId });
    expect(after).toMatchObject({ version: 2, upgrade: null });
    expect(after.values).toMatchObject({ project: "alpha-2", team: "tier-1" });
  });

  it("tells a run in the integration's words; steps, the path and Replay only where the manifest allows them", async () => {
    await db().stepRun.createMany({
      data: [
        {
          organizationId: world.organization.id,
          executionId: world.executionId,
          sequence: 1,
          stateName: "Check",
          stateType: "Choice",
          status: "succeeded",
          input: { ok: false, token: "a-secret-token-value" },
          output: { ok: false },
          startedAt: new Date(),
          durationMs: 2,
        },
        {
          organizationId: world.organization.id,
          executionId: world.executionId,
          sequence: 2,
          stateName: "Broken",
          stateType: "Fail",
          status: "failed",
          input: { ok: false },
          error: { Error: "Nope", Cause: "not ok" },
          startedAt: new Date(),
          durationMs: 1,
        },
      ],
    });
    // By default (no customerLogs in the manifest): a summary, no state names, no graph, no replay.
    const summary = await world.a.embed.logs.detail({ executionId: world.executionId });
    expect(summary).toMatchObject({ status: "failed", showSteps: false, canReplay: false, steps: [], graph: null, failure: { detail: "Nope: not ok" } });
    expect(JSON.stringify(summary)).not.toContain("Broken");
    await expect(world.a.embed.logs.replay({ executionId: world.executionId })).rejects.toMatchObject({ code: "FORBIDDEN" });

    // The vendor shows steps and allows replay.
    // (Published versions cannot change: the run is moved onto a version that says so.)
    const showing = await pushManifest(world.organization.id, `${syncManifest(world.integrationKey)}customerLogs: { showSteps: true, replay: true }\n`);
    await publishVersion(world.organization.id, showing.version.id);
    await db().execution.update({ where: { id: world.executionId }, data: { integrationVersionId: showing.version.id } });
    const run = await world.a.embed.logs.detail({ executionId: world.executionId });
    expect(run).toMatchObject({ status: "failed", failure: { detail: "Nope: not ok" }, flowKey: "main", showSteps: true, canReplay: true });
    expect(run.steps.map((s) => [s.stateName, s.status])).toEqual([
      ["Check", "succeeded"],
      ["Broken", "failed"],
    ]);
    expect(JSON.stringify(run)).not.toContain("a-secret-token-value");
    expect(run.graph?.edges.filter((e) => e.taken).map((e) => `${e.from}->${e.to}`)).toEqual(["Check->Broken"]);
    expect(run.graph?.nodes.find((n) => n.name === "Broken")).toMatchObject({ visited: true, failed: true });

    const list = await world.a.embed.logs.list({ instanceId: world.instanceId, status: "failed" });
    expect(list.items.map((i) => i.id)).toContain(world.executionId);
    const { executionId } = await world.a.embed.logs.replay({ executionId: world.executionId });
    expect((await world.a.embed.logs.detail({ executionId })).replayOfId).toBe(world.executionId);
  });

  it("says why a run that has not finished waits", async () => {
    const { executionId } = await world.a.embed.logs.replay({ executionId: world.executionId });
    expect((await world.a.embed.logs.detail({ executionId })).waitingFor).toBeNull();
    await db().execution.update({
      where: { id: executionId },
      data: {
        status: "waiting",
        startedAt: new Date(),
        waitUntil: new Date("2030-01-02T03:04:05Z"),
        waitFor: { kind: "budget", reason: 'the connection "zendesk" used its budget of 200 requests a minute; the call waits until 2030-01-02T03:04:05Z' },
      },
    });
    expect((await world.a.embed.logs.detail({ executionId })).waitingFor).toBe(
      'Waiting until 2030-01-02T03:04:05Z: the connection "zendesk" used its budget of 200 requests a minute; the call waits until 2030-01-02T03:04:05Z. It holds no worker meanwhile.',
    );
  });

  it("loads data-source options with the customer's connection and shows the provider's error", async () => {
    let failing = false;
    const provider = await startLocalServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      if (failing) {
        response.statusCode = 403;
        return response.end(JSON.stringify({ message: "token lacks projects:read" }));
      }
      response.end(JSON.stringify({ data: [{ id: "p1", name: "Apollo" }], next_cursor: null }));
    });
    try {
      const { instanceId } = await world.b.embed.wizard.activate({ integrationKey: world.integrationKey });
      const owner = await db().instance.findUniqueOrThrow({ where: { id: instanceId } });
      const options = { alwaysAllow: () => [provider.origin] };
      const input = { instanceId, fieldKey: "crmProject" };
      const session = { organizationId: owner.organizationId, customerId: owner.customerId };
      await expect(loadDataSourceOptions(session, input, options)).rejects.toThrow(
        /Could not load the options from Acme: the connection "crm" is not connected/,
      );
      await db().connection.create({
        data: {
          organizationId: owner.organizationId,
          customerId: owner.customerId,
          instanceId,
          key: "crm",
          connector: "acme",
          authKind: "apiKey",
          credentialsEncrypted: sealJson({ kind: "apiKey", key: "k", baseUrl: provider.origin }),
        },
      });
      expect(await loadDataSourceOptions(session, input, options)).toEqual({ options: [{ value: "p1", label: "Apollo" }] });
      failing = true;
      await expect(loadDataSourceOptions(session, input, options)).rejects.toThrow(/Acme.*403|token lacks projects:read/);
    } finally {
      await provider.close();
    }
  });

  it("removes an instance; its runs stay in the logs", async () => {
    const removed = await world.a.embed.instances.remove({ instanceId: world.instanceId });
    expect(removed.status).toBe("removed");
    await expect(world.a.embed.instances.get({ instanceId: world.instanceId })).rejects.toMatchObject({ code: "NOT_FOUND" });
    expect((await world.a.embed.logs.list({})).items.find((i) => i.id === world.executionId)?.integrationName).toBe("Removed integration");
  });
});
