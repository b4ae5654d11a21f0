/**
 * Factories shared by tests and the demo seed: they go through the same services a person's
 * actions go through, so nothing is shaped just to make a test pass.
 */
import { randomBytes } from "node:crypto";
import { db } from "@/server/db/client";
import { DEFAULT_RECONNECT_WAIT_DAYS, type RuntimeConfig } from "@/server/env";
import type { MemberRole } from "@/server/db/generated/enums";
import { hashPassword } from "@/server/modules/auth/password";
import { slugify } from "@/server/modules/auth/setup.service";
import { createContext } from "@/server/trpc/context";
import { createCaller } from "@/server/trpc/root";

/** Fixed so child processes in a test (workers killed and restarted) read the same credentials. */
export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 42);

export const TEST_SESSION_SECRET = "test-session-secret-that-is-long-enough-0123456789";

/** The configuration integration tests run under (the web and worker code read it via runtimeConfig()). */
export function testRuntimeConfig(databaseUrl: string): RuntimeConfig {
  return {
    databaseUrl,
    sessionSecret: TEST_SESSION_SECRET,
    encryptionKey: TEST_ENCRYPTION_KEY,
    previousEncryptionKeys: [],
    publicUrl: "http://localhost:3999",
    sandboxEnabled: true,
    // Tests call route handlers directly, past the front door that would say the client is local.
    sandboxLocalOnly: false,
    logLevel: "silent",
    workerConcurrency: 4,
    executionLeaseMs: 5_000,
    reconnectWaitDays: DEFAULT_RECONNECT_WAIT_DAYS,
    login: { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20, windowMinutes: 15 },
  };
}

export async function createOrganizationWithMember(options: { name?: string; role?: MemberRole; password?: string } = {}) {
  const suffix = randomBytes(4).toString("hex");
  const name = options.name ?? `Org ${suffix}`;
  const password = options.password ?? `pw-${randomBytes(8).toString("hex")}`;
  const organization = await db().organization.create({ data: { name, slug: `${slugify(name)}-${suffix}` } });
  const user = await db().user.create({
    data: { email: `member-${suffix}@example.test`, name: `Member ${suffix}`, passwordHash: await hashPassword(password) },
  });
  await db().membership.create({ data: { organizationId: organization.id, userId: user.id, role: options.role ?? "owner" } });
  return { organization, user, password };
}

export async function addMember(organizationId: string, role: MemberRole) {
  const suffix = randomBytes(4).toString("hex");
  const user = await db().user.create({ data: { email: `${role}-${suffix}@example.test`, name: `${role} ${suffix}`, passwordHash: "unused" } });
  await db().membership.create({ data: { organizationId, userId: user.id, role } });
  return user;
}

/** A tRPC caller acting as a signed-in console user, an embed session token or an API key. */
export function callerAs(as: { userId?: string; bearer?: string }) {
  const headers = new Headers(as.bearer ? { authorization: `Bearer ${as.bearer}` } : {});
  return createCaller(createContext({ headers, consoleUserId: async () => as.userId ?? null, sessionSecret: TEST_SESSION_SECRET }));
}

/** Pushes, publishes and activates a manifest for a new customer: the path a real integration takes. */
export async function deployIntegration(options: { organizationId: string; manifest: string; config?: Record<string, unknown>; customer?: string }) {
  const { pushManifest, publishVersion } = await import("@/server/modules/integrations/integrations.service");
  const { deploymentCatalogue } = await import("@/server/modules/integrations/manifest-catalogue");
  const { createInstance } = await import("@/server/modules/instances/instances.service");
  // Test flows may call connectors of their own (`test.echo`, run by an injected action invoker):
  // the deployment's connectors are judged, others are left alone.
  const catalogue = { members: deploymentCatalogue().members };
  const pushed = await pushManifest(options.organizationId, options.manifest, { catalogue });
  const version = await publishVersion(options.organizationId, pushed.version.id, { catalogue });
  const instance = await createInstance(options.organizationId, {
    integrationId: pushed.integration.id,
    customerExternalId: options.customer ?? `customer-${randomBytes(3).toString("hex")}`,
    config: options.config ?? {},
  });
  return { integration: pushed.integration, version, instance };
}
