/**
 * One isolation case per tRPC procedure, keyed by its path: organization B (console owner, API
 * key) and customers of other organizations try to read and change A's things by id, and A's
 * things stay as they were. Embed procedures reuse the embed cases (other customer, same and other
 * organization). The test fails for a procedure without a case here or in TENANT_FREE.
 */
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { db } from "@/server/db/client";
import { embedIsolationCases } from "@/server/testing/tenant-isolation/embed-cases";
import { generateSecretKey } from "@/server/modules/embed/embed-keys.service";
import { sessionFor, syncManifest } from "@/server/testing/embed-test-setup";
import type { TenantWorld } from "../tenant-world";
import { alertCases } from "./alert-cases";

export type TenantCase = (w: TenantWorld) => Promise<void>;

/** Procedures that touch no tenant's data, and why. They still get a case that calls them. */
export const TENANT_FREE: Record<string, string> = {
  "setup.status": "says only whether any account exists yet",
  "setup.createOwner": "first-run set-up; refused once any account exists",
  "integrations.validate": "checks manifest text and stores nothing",
  "integrations.iconPreview": "resolves an icon name or URL to a logo; reads no stored data",
  "connections.connectors": "describes the connectors this server ships, the same for every organization",
  "oauthApps.providers": "lists the connectors of this server that sign in with OAuth, the same for every organization",
};

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the call was expected to be refused").toBeInstanceOf(TRPCError);
  return (error as TRPCError).code;
}

async function notFound(promise: Promise<unknown>) {
  expect(await codeOf(promise)).toBe("NOT_FOUND");
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

async function aInstance(w: TenantWorld) {
  return db().instance.findUniqueOrThrow({ where: { id: w.a.instanceId } });
}

async function replaysOfA(w: TenantWorld) {
  return db().execution.count({ where: { replayOfId: w.a.executionId } });
}

const trpcCases: Record<string, TenantCase> = {
  "setup.status": async (w) => {
    expect(await w.b.owner.setup.status()).toEqual({ needsSetup: false });
  },
  "setup.createOwner": async (w) => {
    const before = await db().organization.count();
    expect(
      await codeOf(
        w.b.owner.setup.createOwner({
          organizationName: "Take over",
          name: "X",
          email: `x-${randomBytes(3).toString("hex")}@example.test`,
          password: "a-long-password-123",
        }),
      ),
    ).toBe("CONFLICT");
    expect(await db().organization.count()).toBe(before);
  },

  "organization.current": async (w) => {
    expect((await w.b.owner.organization.current()).id).toBe(w.b.organizationId);
  },
  "organization.settings": async (w) => {
    await w.a.owner.organization.saveSettings({ retentionDays: 45 });
    expect(await w.b.owner.organization.settings()).toEqual({ retentionDays: 30 });
  },
  "organization.saveSettings": async (w) => {
    await w.b.owner.organization.saveSettings({ retentionDays: 3 });
    expect(await w.a.owner.organization.settings()).toEqual({ retentionDays: 45 });
  },
  "organization.members": async (w) => {
    const theirs = (await w.a.owner.organization.members()).map((m) => m.email);
    const mine = (await w.b.owner.organization.members()).map((m) => m.email);
    expect(mine.filter((email) => theirs.includes(email))).toEqual([]);
  },

  "apiKeys.list": async (w) => {
    expect(ids(await w.b.owner.apiKeys.list())).not.toContain(w.a.apiKey.id);
  },
  "apiKeys.create": async (w) => {
    const created = await w.b.owner.apiKeys.create({ name: "mine" });
    expect(ids(await w.a.owner.apiKeys.list())).not.toContain(created.id);
  },
  "apiKeys.revoke": async (w) => {
    await notFound(w.b.owner.apiKeys.revoke({ id: w.a.apiKey.id }));
    expect((await w.a.api.apiKeys.whoami()).organizationId).toBe(w.a.organizationId);
  },
  "apiKeys.whoami": async (w) => {
    expect((await w.b.api.apiKeys.whoami()).organizationId).toBe(w.b.organizationId);
  },

  "embedKeys.list": async (w) => {
    expect(ids(await w.b.owner.embedKeys.list())).not.toContain(w.a.embedKeyId);
  },
  "embedKeys.registerPublicKey": async (w) => {
    const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).publicKey.export({ type: "spki", format: "pem" }).toString();
    const key = await w.b.owner.embedKeys.registerPublicKey({ publicKeyPem: pem, kid: "b-rsa" });
    expect(ids(await w.a.owner.embedKeys.list())).not.toContain(key.id);
  },
  "embedKeys.generateSecret": async (w) => {
    // The same kid in B's organization is B's own key; A's sessions are unaffected.
    await w.b.owner.embedKeys.generateSecret({ kid: w.embed.kid });
    await expect(sessionFor(w.a.organizationId, w.embed.secret, w.embed.kid, "customer-a")).resolves.toBeDefined();
  },
  "embedKeys.revoke": async (w) => {
    await notFound(w.b.owner.embedKeys.revoke({ id: w.a.embedKeyId }));
    expect((await db().embedKey.findUniqueOrThrow({ where: { id: w.a.embedKeyId } })).revokedAt).toBeNull();
    // Revoking ends the sessions of the revoking organization's key only: B revokes its key of the
    // same kid as one of A's, and A's customer, signed in with A's key, stays signed in.
    const kid = `twin-${randomBytes(3).toString("hex")}`;
    const aTwin = await generateSecretKey(w.a.organizationId, { kid });
    const bTwin = await generateSecretKey(w.b.organizationId, { kid });
    const aSession = await sessionFor(w.a.organizationId, aTwin.secret, kid, "customer-a");
    await w.b.owner.embedKeys.revoke({ id: bTwin.id });
    expect(await aSession.embed.session()).toMatchObject({ customerExternalId: "customer-a" });
  },
  "embedKeys.settings": async (w) => {
    expect((await w.b.owner.embedKeys.settings()).organizationId).toBe(w.b.organizationId);
  },
  "embedKeys.saveSettings": async (w) => {
    const before = (await w.a.owner.embedKeys.settings()).allowedOrigins;
    await w.b.owner.embedKeys.saveSettings({ allowedOrigins: ["https://attacker.test"] });
    expect((await w.a.owner.embedKeys.settings()).allowedOrigins).toEqual(before);
  },

  "integrations.list": async (w) => {
    expect(ids((await w.b.owner.integrations.list({ limit: 100 })).data)).not.toContain(w.a.integrationId);
  },
  "integrations.get": async (w) => {
    await notFound(w.b.owner.integrations.get({ id: w.a.integrationId }));
  },
  "integrations.validate": async (w) => {
    expect((await w.b.owner.integrations.validate({ source: syncManifest("anything") })).ok).toBe(true);
  },
  "integrations.iconPreview": async (w) => {
    expect(await w.b.owner.integrations.iconPreview({ icon: "github" })).toMatchObject({ kind: "brand", title: "GitHub" });
  },
  "integrations.push": async (w) => {
    // Pushing A's integration key creates B's own integration; A's versions are untouched.
    const before = await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } });
    const pushed = await w.b.owner.integrations.push({ source: syncManifest(w.a.integrationKey) });
    expect(pushed.ok && pushed.integration.id).not.toBe(w.a.integrationId);
    expect(await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } })).toBe(before);
  },
  "integrations.publish": async (w) => {
    await notFound(w.b.owner.integrations.publish({ integrationId: w.a.integrationId, versionId: w.a.draftVersionId }));
    await notFound(w.b.owner.integrations.publish({ integrationId: w.b.integrationId, versionId: w.a.draftVersionId }));
    expect((await db().integrationVersion.findUniqueOrThrow({ where: { id: w.a.draftVersionId } })).status).toBe("draft");
  },
  "integrations.source": async (w) => {
    await notFound(w.b.owner.integrations.source({ integrationId: w.a.integrationId, versionId: w.a.publishedVersionId }));
    await notFound(w.b.owner.integrations.source({ integrationId: w.b.integrationId, versionId: w.a.publishedVersionId }));
  },
  "integrations.diff": async (w) => {
    await notFound(w.b.owner.integrations.diff({ integrationId: w.a.integrationId, fromVersionId: w.a.publishedVersionId, toVersionId: w.a.draftVersionId }));
    await notFound(w.b.owner.integrations.diff({ integrationId: w.b.integrationId, fromVersionId: w.b.versionId, toVersionId: w.a.draftVersionId }));
    await notFound(w.b.owner.integrations.diff({ integrationId: w.b.integrationId, fromVersionId: w.a.publishedVersionId, toVersionId: w.b.versionId }));
  },
  "integrations.updateListing": async (w) => {
    await notFound(w.b.owner.integrations.updateListing({ id: w.a.integrationId, listed: false }));
    expect((await db().integration.findUniqueOrThrow({ where: { id: w.a.integrationId } })).listed).toBe(true);
  },
  "integrations.flows": async (w) => {
    expect((await w.b.owner.integrations.flows()).map((f) => f.integrationId)).not.toContain(w.a.integrationId);
  },

  "customers.list": async (w) => {
    expect(ids((await w.b.owner.customers.list({ limit: 100, search: "customer-a" })).data)).not.toContain(w.a.customerId);
  },
  "customers.get": async (w) => {
    await notFound(w.b.owner.customers.get({ id: w.a.customerId }));
  },
  "customers.create": async (w) => {
    // The same external id in B's organization is another customer.
    expect((await w.b.owner.customers.create({ externalId: "customer-a" })).id).not.toBe(w.a.customerId);
  },

  "instances.list": async (w) => {
    expect(ids((await w.b.owner.instances.list({ limit: 100 })).data)).not.toContain(w.a.instanceId);
    expect((await w.b.owner.instances.list({ limit: 100, customerId: w.a.customerId })).data).toEqual([]);
  },
  "instances.get": async (w) => {
    await notFound(w.b.owner.instances.get({ id: w.a.instanceId }));
  },
  "instances.events": async (w) => {
    await notFound(w.b.owner.instances.events({ instanceId: w.a.instanceId, limit: 10 }));
  },
  "instances.create": async (w) => {
    await notFound(w.b.owner.instances.create({ integrationId: w.a.integrationId, customerExternalId: "customer-a", config: {} }));
    expect(await codeOf(w.b.owner.instances.create({ integrationKey: w.a.integrationKey, customerExternalId: "customer-a", config: {} }))).not.toBe("OK");
    expect(await db().instance.count({ where: { integrationId: w.a.integrationId, organizationId: w.b.organizationId } })).toBe(0);
  },
  "instances.overview": async (w) => {
    await notFound(w.b.owner.instances.overview({ id: w.a.instanceId }));
  },
  "instances.rejectedDeliveries": async (w) => {
    await notFound(w.b.owner.instances.rejectedDeliveries({ instanceId: w.a.instanceId, limit: 50 }));
  },
  "instances.pause": async (w) => {
    await notFound(w.b.owner.instances.pause({ id: w.a.instanceId }));
    expect((await aInstance(w)).status).toBe("active");
  },
  "instances.resume": async (w) => {
    await notFound(w.b.owner.instances.resume({ id: w.a.instanceId }));
  },
  "instances.remove": async (w) => {
    await notFound(w.b.owner.instances.remove({ id: w.a.instanceId, force: true }));
    expect((await aInstance(w)).status).toBe("active");
  },

  "executions.list": async (w) => {
    expect(ids((await w.b.owner.executions.list({ limit: 100 })).data)).not.toContain(w.a.executionId);
    expect((await w.b.owner.executions.list({ limit: 100, instanceId: w.a.instanceId })).data).toEqual([]);
  },
  "executions.get": async (w) => {
    await notFound(w.b.owner.executions.get({ id: w.a.executionId }));
  },
  "executions.supportList": async (w) => {
    expect(ids((await w.b.owner.executions.supportList({ limit: 100 })).data)).not.toContain(w.a.executionId);
    expect((await w.b.owner.executions.supportList({ limit: 100, instanceId: w.a.instanceId })).data).toEqual([]);
  },
  "executions.graph": async (w) => {
    await notFound(w.b.owner.executions.graph({ id: w.a.executionId }));
  },
  "executions.cancel": async (w) => {
    await notFound(w.b.owner.executions.cancel({ id: w.a.executionId }));
  },
  "executions.replay": async (w) => {
    const before = await replaysOfA(w);
    await notFound(w.b.owner.executions.replay({ id: w.a.executionId, from: "start", version: "same" }));
    expect(await replaysOfA(w)).toBe(before);
  },
  "executions.bulkReplay": async (w) => {
    const before = await replaysOfA(w);
    const outcome = await w.b.owner.executions.bulkReplay({ executionIds: [w.a.executionId] }).catch((e: unknown) => e);
    if (!(outcome instanceof TRPCError)) expect(outcome).toEqual([{ executionId: w.a.executionId, replayId: null, error: expect.any(String) }]);
    expect(await replaysOfA(w)).toBe(before);
  },
  "executions.start": async (w) => {
    await notFound(w.b.owner.executions.start({ instanceId: w.a.instanceId, flowKey: "main", input: { ok: true } }));
  },
  "executions.event": async (w) => {
    await notFound(w.b.owner.executions.event({ id: w.a.executionId }));
  },

  "connections.connectWithCredentials": async (w) => {
    const before = await db().connection.count({ where: { customerId: w.a.customerId } });
    await notFound(w.b.owner.connections.connectWithCredentials({ customerId: w.a.customerId, connector: "github", credentials: { token: "ghp_taken_over" } }));
    // Re-keying A's connection from B's console is refused too.
    await notFound(
      w.b.owner.connections.connectWithCredentials({ connectionId: w.a.connectionId, connector: "github", credentials: { token: "ghp_taken_over" } }),
    );
    expect(await db().connection.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },

  "wizard.activate": async (w) => {
    const before = await db().instance.count({ where: { customerId: w.a.customerId } });
    await notFound(w.b.owner.wizard.activate({ customerId: w.a.customerId, integrationKey: w.a.integrationKey }));
    expect(await db().instance.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },
  "wizard.state": async (w) => {
    await notFound(w.b.owner.wizard.state({ instanceId: w.a.instanceId }));
  },
  "wizard.savePage": async (w) => {
    const before = await aInstance(w);
    await notFound(w.b.owner.wizard.savePage({ instanceId: w.a.instanceId, page: 0, values: { greeting: "taken over" }, validate: false }));
    expect((await aInstance(w)).updatedAt).toEqual(before.updatedAt);
  },
  "wizard.dataSource": async (w) => {
    await notFound(w.b.owner.wizard.dataSource({ instanceId: w.a.instanceId, fieldKey: "repo" }));
  },
  "wizard.linkConnection": async (w) => {
    await notFound(w.b.owner.wizard.linkConnection({ instanceId: w.a.instanceId, connectionKey: "github", connectionId: w.b.instanceId }));
    // B's own instance cannot borrow A's connection either.
    expect(await codeOf(w.b.owner.wizard.linkConnection({ instanceId: w.b.instanceId, connectionKey: "github", connectionId: w.a.connectionId }))).not.toBe(
      "OK",
    );
  },
  "wizard.deploy": async (w) => {
    await notFound(w.b.owner.wizard.deploy({ instanceId: w.a.instanceId, values: {} }));
    expect((await aInstance(w)).status).toBe("active");
  },

  "executions.dashboard": async (w) => {
    expect((await w.b.owner.executions.dashboard()).failingIntegrations.map((i) => i.id)).not.toContain(w.a.integrationId);
  },

  "members.list": async (w) => {
    expect((await w.b.owner.members.list()).map((m) => m.id)).not.toContain(w.a.supportMembershipId);
  },
  "members.add": async (w) => {
    const email = `joined-${randomBytes(3).toString("hex")}@example.test`;
    await w.b.owner.members.add({ email, name: "Joined", role: "support", password: "a-long-password-123" });
    expect((await w.a.owner.members.list()).map((m) => m.email)).not.toContain(email);
  },
  "members.changeRole": async (w) => {
    await notFound(w.b.owner.members.changeRole({ membershipId: w.a.supportMembershipId, role: "owner" }));
    expect((await db().membership.findUniqueOrThrow({ where: { id: w.a.supportMembershipId } })).role).toBe("support");
  },
  "members.remove": async (w) => {
    await notFound(w.b.owner.members.remove({ membershipId: w.a.supportMembershipId }));
    expect(await db().membership.count({ where: { id: w.a.supportMembershipId } })).toBe(1);
  },

  "connections.connectors": async (w) => {
    expect((await w.b.owner.connections.connectors()).data.map((c) => c.key)).toContain("github");
  },
  "connections.list": async (w) => {
    expect(await w.b.owner.connections.list({ customerId: w.a.customerId })).toEqual([]);
    expect(ids(await w.b.owner.connections.list())).not.toContain(w.a.connectionId);
    expect(ids(await w.embed.b.connections.list())).not.toContain(w.a.connectionId);
    expect(ids(await w.embed.c.connections.list({ customerId: w.a.customerId }))).toEqual([]);
  },
  "connections.beginOAuth": async (w) => {
    await notFound(w.b.owner.connections.beginOAuth({ connector: "github", key: "github", customerId: w.a.customerId }));
    await notFound(w.b.owner.connections.beginOAuth({ connector: "github", key: "github", connectionId: w.a.oauthConnectionId }));
    await notFound(w.embed.b.connections.beginOAuth({ connector: "github", key: "github", connectionId: w.a.oauthConnectionId }));
    await notFound(w.embed.b.connections.beginOAuth({ connector: "github", key: "github", instanceId: w.a.instanceId }));
  },
  "connections.connectClientCredentials": async (w) => {
    await notFound(w.b.owner.connections.connectClientCredentials({ connector: "github", key: "github", connectionId: w.a.oauthConnectionId }));
    expect(await codeOf(w.b.owner.connections.connectClientCredentials({ connector: "github", key: "github", customerId: w.a.customerId }))).not.toBe("OK");
    expect(await db().connection.count({ where: { customerId: w.a.customerId, organizationId: { not: w.a.organizationId } } })).toBe(0);
  },
  "connections.disconnect": async (w) => {
    await notFound(w.b.owner.connections.disconnect({ id: w.a.oauthConnectionId }));
    await notFound(w.embed.b.connections.disconnect({ id: w.a.oauthConnectionId }));
    await notFound(w.embed.c.connections.disconnect({ id: w.a.connectionId }));
    expect(await db().connection.count({ where: { id: { in: [w.a.oauthConnectionId, w.a.connectionId] } } })).toBe(2);
  },

  "oauthApps.providers": async (w) => {
    expect((await w.b.owner.oauthApps.providers()).map((provider) => provider.key)).toContain("github");
  },
  "oauthApps.list": async (w) => {
    expect(ids(await w.b.owner.oauthApps.list())).not.toContain(w.a.oauthAppId);
  },
  "oauthApps.create": async (w) => {
    const mine = await w.b.owner.oauthApps.create({ provider: "github", clientId: "attacker-client", clientSecret: "attacker-secret", scopes: [] });
    expect(mine.id).not.toBe(w.a.oauthAppId);
    expect((await db().oAuthApp.findUniqueOrThrow({ where: { id: w.a.oauthAppId } })).clientId).toBe("victim-client");
  },
  "oauthApps.update": async (w) => {
    await notFound(w.b.owner.oauthApps.update({ id: w.a.oauthAppId, clientId: "hijacked" }));
    expect((await db().oAuthApp.findUniqueOrThrow({ where: { id: w.a.oauthAppId } })).clientId).toBe("victim-client");
  },
  "oauthApps.delete": async (w) => {
    await notFound(w.b.owner.oauthApps.delete({ id: w.a.oauthAppId }));
    expect(await db().oAuthApp.count({ where: { id: w.a.oauthAppId } })).toBe(1);
  },

  "api.integrations.list": async (w) => {
    expect(ids((await w.b.api.api.integrations.list({ limit: 100 })).data)).not.toContain(w.a.integrationId);
  },
  "api.integrations.get": async (w) => {
    await notFound(w.b.api.api.integrations.get({ id: w.a.integrationId }));
  },
  "api.integrations.push": async (w) => {
    const before = await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } });
    expect((await w.b.api.api.integrations.push({ source: syncManifest(w.a.integrationKey) })).integration.id).not.toBe(w.a.integrationId);
    expect(await db().integrationVersion.count({ where: { integrationId: w.a.integrationId } })).toBe(before);
  },
  "api.integrations.publish": async (w) => {
    await notFound(w.b.api.api.integrations.publish({ id: w.a.integrationId, versionId: w.a.draftVersionId }));
    await notFound(w.b.api.api.integrations.publish({ id: w.b.integrationId, versionId: w.a.draftVersionId }));
    expect((await db().integrationVersion.findUniqueOrThrow({ where: { id: w.a.draftVersionId } })).status).toBe("draft");
  },
  "api.customers.list": async (w) => {
    expect(ids((await w.b.api.api.customers.list({ limit: 100, externalId: "customer-a" })).data)).not.toContain(w.a.customerId);
  },
  "api.connections.connectors": async (w) => {
    // The connector catalogue is the same for everyone: no tenant data in it.
    expect((await w.b.api.api.connections.connectors()).data.map((c) => c.key)).toContain("github");
  },
  "api.connections.list": async (w) => {
    await notFound(w.b.api.api.connections.list({ id: w.a.customerId }));
  },
  "api.connections.create": async (w) => {
    const before = await db().connection.count({ where: { customerId: w.a.customerId } });
    await notFound(w.b.api.api.connections.create({ id: w.a.customerId, connector: "github", credentials: { token: "ghp_taken_over" } }));
    expect(await db().connection.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },
  "api.connections.delete": async (w) => {
    await notFound(w.b.api.api.connections.delete({ id: w.a.customerId, connectionId: w.a.connectionId }));
    await notFound(w.b.api.api.connections.delete({ id: w.b.customerId, connectionId: w.a.connectionId }));
    expect(await db().connection.count({ where: { id: w.a.connectionId } })).toBe(1);
  },
  "api.actions.list": async (w) => {
    await notFound(w.b.api.api.actions.list({ id: w.a.customerId }));
  },
  "api.actions.run": async (w) => {
    const before = await db().execution.count({ where: { customerId: w.a.customerId } });
    await notFound(w.b.api.api.actions.run({ id: w.a.customerId, tool: "echo_settings", input: {} }));
    await notFound(w.b.api.api.actions.run({ id: w.a.customerId, connector: "acme", action: "getWidget", input: { widgetId: "w1" } }));
    // B's own customer has no tool of A's.
    await notFound(w.b.api.api.actions.run({ id: w.b.customerId, tool: "echo_settings", input: {} }));
    expect(await db().execution.count({ where: { customerId: w.a.customerId } })).toBe(before);
  },
  "api.customers.get": async (w) => {
    await notFound(w.b.api.api.customers.get({ id: w.a.customerId }));
  },
  "api.customers.create": async (w) => {
    expect((await w.b.api.api.customers.create({ externalId: "customer-a-2" })).id).not.toBe(w.a.customerId);
    expect(await db().customer.count({ where: { organizationId: w.a.organizationId, externalId: "customer-a-2" } })).toBe(0);
  },
  "api.instances.list": async (w) => {
    expect(ids((await w.b.api.api.instances.list({ limit: 100 })).data)).not.toContain(w.a.instanceId);
    expect((await w.b.api.api.instances.list({ limit: 100, integrationId: w.a.integrationId })).data).toEqual([]);
  },
  "api.instances.get": async (w) => {
    await notFound(w.b.api.api.instances.get({ id: w.a.instanceId }));
  },
  "api.instances.events": async (w) => {
    await notFound(w.b.api.api.instances.events({ id: w.a.instanceId, limit: 10 }));
  },
  "api.instances.rejectedDeliveries": async (w) => {
    await notFound(w.b.api.api.instances.rejectedDeliveries({ id: w.a.instanceId, limit: 10 }));
  },
  "api.instances.endpoints": async (w) => {
    await notFound(w.b.api.api.instances.endpoints({ id: w.a.instanceId }));
  },
  "api.instances.create": async (w) => {
    await notFound(w.b.api.api.instances.create({ integrationId: w.a.integrationId, customerExternalId: "x", config: {} }));
  },
  "api.instances.reconfigure": async (w) => {
    const before = await aInstance(w);
    await notFound(w.b.api.api.instances.reconfigure({ id: w.a.instanceId, config: { project: "hijacked" } }));
    const after = await aInstance(w);
    expect([after.configValues, after.configSecretsEncrypted]).toEqual([before.configValues, before.configSecretsEncrypted]);
  },
  "api.instances.pause": async (w) => {
    await notFound(w.b.api.api.instances.pause({ id: w.a.instanceId }));
    expect((await aInstance(w)).status).toBe("active");
  },
  "api.instances.resume": async (w) => {
    await notFound(w.b.api.api.instances.resume({ id: w.a.instanceId }));
  },
  "api.instances.remove": async (w) => {
    await notFound(w.b.api.api.instances.remove({ id: w.a.instanceId, force: true }));
    expect((await aInstance(w)).status).toBe("active");
  },
  "api.executions.list": async (w) => {
    expect(ids((await w.b.api.api.executions.list({ limit: 100 })).data)).not.toContain(w.a.executionId);
    expect((await w.b.api.api.executions.list({ limit: 100, customerId: w.a.customerId })).data).toEqual([]);
  },
  "api.executions.get": async (w) => {
    await notFound(w.b.api.api.executions.get({ id: w.a.executionId }));
  },
  "api.executions.event": async (w) => {
    await notFound(w.b.api.api.executions.event({ id: w.a.executionId }));
  },
  "api.executions.start": async (w) => {
    await notFound(w.b.api.api.executions.start({ instanceId: w.a.instanceId, flowKey: "main" }));
  },
  "api.executions.replay": async (w) => {
    const before = await replaysOfA(w);
    await notFound(w.b.api.api.executions.replay({ id: w.a.executionId, from: "start", version: "latest" }));
    expect(await replaysOfA(w)).toBe(before);
  },
  "api.executions.cancel": async (w) => {
    await notFound(w.b.api.api.executions.cancel({ id: w.a.executionId }));
  },
};

const embedCases: Record<string, TenantCase> = Object.fromEntries(
  Object.entries(embedIsolationCases).map(([path, run]) => [path, (w: TenantWorld) => run(w.embed)]),
);

export const tenantIsolationCases: Record<string, TenantCase> = { ...trpcCases, ...alertCases, ...embedCases };
