/**
 * One isolation case per embed procedure: customer B (same organization) and customer C (another
 * organization) can neither read nor change what belongs to customer A. Run by
 * embed-isolation.int.test.ts and, with every other procedure, by server/trpc/tenant-isolation.int.test.ts.
 */
import { TRPCError } from "@trpc/server";
import { expect } from "vitest";
import { db } from "@/server/db/client";
import { callerAs } from "@/server/testing/factories";
import { signEmbedToken } from "@/server/modules/embed/embed-fixtures";
import { EMBED_ORIGIN, type EmbedWorld } from "@/server/testing/embed-test-setup";

async function notFound(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  expect((error as TRPCError).code).toBe("NOT_FOUND");
}

export type EmbedCase = (world: EmbedWorld) => Promise<void>;

/** A's instance must still be as A left it after an attack. */
async function untouched(world: EmbedWorld) {
  const instance = await world.a.embed.instances.get({ instanceId: world.instanceId });
  expect(instance).toMatchObject({ status: "active", values: { project: "alpha" }, version: 1 });
}

export const embedIsolationCases: Record<string, EmbedCase> = {
  "embed.session": async (w) => {
    expect((await w.b.embed.session()).customerExternalId).toBe("customer-b");
  },
  "embed.exchange": async (w) => {
    // A key of A's organization cannot mint a session for another organization.
    const token = await signEmbedToken(new TextEncoder().encode(w.secret), "HS256", {
      organizationId: (await db().organization.findFirstOrThrow({ where: { id: { not: w.organization.id } } })).id,
      kid: w.kid,
      customer: "x",
    });
    await expect(callerAs({}).embed.exchange({ token, parentOrigin: EMBED_ORIGIN })).rejects.toMatchObject({ code: "UNAUTHORIZED" });
  },
  "embed.marketplace.list": async (w) => {
    const forB = await w.b.embed.marketplace.list({});
    expect(forB.items.find((item) => item.key === w.integrationKey)?.instance).toBeNull();
    expect((await w.c.embed.marketplace.list({})).items.map((item) => item.key)).not.toContain(w.integrationKey);
  },
  "embed.marketplace.integration": async (w) => {
    expect((await w.b.embed.marketplace.integration({ key: w.integrationKey })).instance).toBeNull();
    await notFound(w.c.embed.marketplace.integration({ key: w.integrationKey }));
  },
  "embed.wizard.activate": async (w) => {
    await notFound(w.c.embed.wizard.activate({ integrationKey: w.integrationKey }));
    const own = await w.b.embed.wizard.activate({ integrationKey: w.integrationKey });
    expect(own.instanceId).not.toBe(w.instanceId);
  },
  "embed.wizard.state": async (w) => {
    await notFound(w.b.embed.wizard.state({ instanceId: w.instanceId }));
    await notFound(w.c.embed.wizard.state({ instanceId: w.instanceId }));
  },
  "embed.wizard.savePage": async (w) => {
    await notFound(w.b.embed.wizard.savePage({ instanceId: w.instanceId, page: 0, values: { project: "hijacked" }, validate: false }));
    await untouched(w);
  },
  "embed.wizard.dataSource": async (w) => {
    await notFound(w.b.embed.wizard.dataSource({ instanceId: w.instanceId, fieldKey: "crmProject" }));
  },
  "embed.wizard.linkConnection": async (w) => {
    const own = await w.b.embed.wizard.activate({ integrationKey: w.integrationKey });
    await notFound(w.b.embed.wizard.linkConnection({ instanceId: own.instanceId, connectionKey: "crm", connectionId: w.connectionId }));
    await notFound(w.b.embed.wizard.linkConnection({ instanceId: w.instanceId, connectionKey: "crm", connectionId: w.connectionId }));
    expect((await db().connection.findUniqueOrThrow({ where: { id: w.connectionId } })).instanceId).toBeNull();
  },
  "embed.wizard.deploy": async (w) => {
    await notFound(w.b.embed.wizard.deploy({ instanceId: w.instanceId, values: { project: "hijacked" } }));
    await untouched(w);
  },
  "embed.instances.list": async (w) => {
    expect((await w.b.embed.instances.list()).map((i) => i.id)).not.toContain(w.instanceId);
    expect((await w.a.embed.instances.list()).map((i) => i.id)).toContain(w.instanceId);
  },
  "embed.instances.get": async (w) => {
    await notFound(w.b.embed.instances.get({ instanceId: w.instanceId }));
    await notFound(w.c.embed.instances.get({ instanceId: w.instanceId }));
  },
  "embed.instances.reconfigure": async (w) => {
    await notFound(w.b.embed.instances.reconfigure({ instanceId: w.instanceId, values: { project: "hijacked" } }));
    await untouched(w);
  },
  "embed.instances.upgrade": async (w) => {
    await notFound(w.b.embed.instances.upgrade({ instanceId: w.instanceId, values: {} }));
    await untouched(w);
  },
  "embed.instances.pause": async (w) => {
    await notFound(w.b.embed.instances.pause({ instanceId: w.instanceId }));
    await untouched(w);
  },
  "embed.instances.resume": async (w) => {
    await notFound(w.b.embed.instances.resume({ instanceId: w.instanceId }));
    await untouched(w);
  },
  "embed.instances.remove": async (w) => {
    await notFound(w.b.embed.instances.remove({ instanceId: w.instanceId }));
    await notFound(w.c.embed.instances.remove({ instanceId: w.instanceId }));
    await untouched(w);
  },
  "embed.logs.list": async (w) => {
    expect((await w.b.embed.logs.list({ instanceId: w.instanceId })).items).toEqual([]);
    expect((await w.b.embed.logs.list({})).items.map((item) => item.id)).not.toContain(w.executionId);
    expect((await w.a.embed.logs.list({})).items.map((item) => item.id)).toContain(w.executionId);
  },
  "embed.logs.detail": async (w) => {
    await notFound(w.b.embed.logs.detail({ executionId: w.executionId }));
    await notFound(w.c.embed.logs.detail({ executionId: w.executionId }));
  },
  "embed.logs.replay": async (w) => {
    const before = await db().execution.count({ where: { replayOfId: w.executionId } });
    await notFound(w.b.embed.logs.replay({ executionId: w.executionId }));
    expect(await db().execution.count({ where: { replayOfId: w.executionId } })).toBe(before);
  },
};
