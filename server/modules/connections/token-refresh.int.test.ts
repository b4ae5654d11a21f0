import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { db } from "@/server/db/client";
import { NonRetryableError } from "@/server/engine/errors";
import { createConnectionResolver } from "./connection-resolver";
import { oauthScenario, testOAuthSettings } from "@/server/testing/oauth-test-fixtures";
import { connectThroughPopup } from "@/server/testing/oauth-test-popup";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";
import { storeConnection } from "./store-connection";

let provider: TestOAuthProvider;
const settings = testOAuthSettings();

beforeAll(async () => {
  provider = await startTestOAuthProvider();
});
afterAll(() => provider.close());
afterEach(() => {
  provider.tokenLifetime = 3600;
  provider.refreshDelayMs = 0;
  provider.onRefresh = undefined;
});

/** A connection whose tokens live two seconds, and a clock for resolvers that is three seconds ahead. */
async function shortLivedConnection() {
  const { organization, customer, instance } = await oauthScenario(provider);
  provider.tokenLifetime = 2;
  const popup = await connectThroughPopup(
    { organizationId: organization.id, customerId: customer.id },
    { connector: "hub", key: "github", instanceId: instance.id },
    settings,
  );
  provider.tokenLifetime = 3600;
  const connectionId = popup.message!.connectionId as string;
  const later = () => new Date(Date.now() + 3000);
  // Each resolver is what one process holds: its own map of in-flight refreshes.
  const newProcess = () => createConnectionResolver({ ...settings, now: later, refreshAheadMs: 500 });
  const resolve = (resolver: ReturnType<typeof newProcess>) => resolver.resolveInstanceConnection(organization.id, instance.id, "github");
  return { organization, customer, instance, connectionId, newProcess, resolve };
}

function accessTokenOf(resolved: ResolvedConnection): string {
  if (resolved.auth.kind !== "oauth2") throw new Error(`expected OAuth credentials, got ${resolved.auth.kind}`);
  return resolved.auth.accessToken;
}

/** Sessions queued on an advisory lock right now: callers waiting for another refresh to finish. */
async function advisoryLockWaiters(): Promise<number> {
  const [row] = await db().$queryRaw<Array<{ waiting: bigint }>>`SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
  return Number(row.waiting);
}

describe("token refresh", () => {
  it("20 concurrent callers after expiry cause one refresh, and all get the new token", async () => {
    const { connectionId, newProcess, resolve } = await shortLivedConnection();
    provider.refreshDelayMs = 200;
    let waitersDuringRefresh = -1;
    provider.onRefresh = async () => {
      await new Promise((r) => setTimeout(r, 100));
      waitersDuringRefresh = await advisoryLockWaiters();
    };
    const before = provider.refreshCount;
    const resolver = newProcess();
    const results = await Promise.all(Array.from({ length: 20 }, () => resolve(resolver)));
    expect(provider.refreshCount - before).toBe(1);
    // In one process the callers share the refresh's promise: none of them even queues on the database lock.
    expect(waitersDuringRefresh).toBe(0);
    const tokens = new Set(results.map(accessTokenOf));
    expect(tokens.size).toBe(1);
    expect(provider.accessTokens.has([...tokens][0])).toBe(true);

    const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.refreshedAt).not.toBeNull();
    expect(row.expiresAt!.getTime()).toBeGreaterThan(Date.now() + 3000_000);
    // Fresh now: the next call uses the stored token without asking the provider.
    await resolve(resolver);
    expect(provider.refreshCount - before).toBe(1);
  });

  it("renews a token that lives less than twice the margin at half its life, and not again right after", async () => {
    const { instance, organization, connectionId } = await shortLivedConnection();
    provider.tokenLifetime = 2;
    const row = () => db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    // The default 60 s margin, which a 2 s token never has left; the clock is set per step.
    let clock = 0;
    const resolver = createConnectionResolver({ ...settings, now: () => new Date(clock) });
    const resolve = () => resolver.resolveInstanceConnection(organization.id, instance.id, "github");
    const before = provider.refreshCount;
    const first = await row();

    clock = first.expiresAt!.getTime() - 1_500; // 1.5 s left of 2: not yet half its life
    const issued = accessTokenOf(await resolve());
    expect(provider.refreshCount - before).toBe(0);

    clock = first.expiresAt!.getTime() - 500;
    const renewed = accessTokenOf(await resolve());
    expect(renewed).not.toBe(issued);
    expect(provider.refreshCount - before).toBe(1);

    const second = await row();
    clock = second.refreshedAt!.getTime() + 100; // just renewed: 1.9 s left
    expect(accessTokenOf(await resolve())).toBe(renewed);
    expect(provider.refreshCount - before).toBe(1);
  });

  it("two processes refreshing at once cause one refresh: the second waits on the lock and reuses the result", async () => {
    const { newProcess, resolve } = await shortLivedConnection();
    provider.refreshDelayMs = 300;
    const before = provider.refreshCount;
    const [first, second] = [newProcess(), newProcess()];
    let waitersDuringRefresh = -1;
    provider.onRefresh = async () => {
      await new Promise((r) => setTimeout(r, 100));
      waitersDuringRefresh = await advisoryLockWaiters();
    };
    const results = await Promise.all([...Array.from({ length: 5 }, () => resolve(first)), ...Array.from({ length: 5 }, () => resolve(second))]);
    expect(provider.refreshCount - before).toBe(1);
    // The other process did wait on the lock (one session), then found the row refreshed.
    expect(waitersDuringRefresh).toBe(1);
    expect(new Set(results.map(accessTokenOf)).size).toBe(1);
  });

  it("invalid_grant marks the connection broken with a reason; reconnecting in place keeps its id and makes it active", async () => {
    const { organization, customer, instance, connectionId, newProcess, resolve } = await shortLivedConnection();
    provider.refreshTokens.clear(); // the customer revoked the app at the provider
    const before = provider.refreshCount;
    const resolver = newProcess();
    const error = await resolve(resolver).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toMatch(
      /^the connection "github" needs reconnecting \(Hub no longer accepts this connection's refresh token \(invalid_grant: The refresh token is invalid\.\)\); reconnect it$/,
    );
    expect(provider.refreshCount - before).toBe(1);

    const row = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(row.status).toBe("broken");
    expect(row.statusReason).toContain("invalid_grant");
    // Broken stays broken without asking the provider again.
    await expect(resolve(resolver)).rejects.toThrow("needs reconnecting");
    expect(provider.refreshCount - before).toBe(1);

    const scope = { organizationId: organization.id, customerId: customer.id };
    const reconnect = await connectThroughPopup(scope, { connector: "hub", key: "github", instanceId: instance.id, connectionId }, settings);
    expect(reconnect.message).toMatchObject({ ok: true, connectionId });
    const repaired = await db().connection.findUniqueOrThrow({ where: { id: connectionId } });
    expect(repaired).toMatchObject({ status: "active", statusReason: null });
    expect(await db().connection.count({ where: { customerId: customer.id } })).toBe(1);
    const resolved = await createConnectionResolver(settings).resolveInstanceConnection(organization.id, instance.id, "github");
    expect(provider.accessTokens.get(accessTokenOf(resolved))).toBe("octocat");
  });

  it("on invalid_grant it re-reads the row once and uses credentials another writer stored meanwhile", async () => {
    const { organization, customer, instance, connectionId, newProcess, resolve } = await shortLivedConnection();
    const fresh = provider.issue("octocat");
    provider.onRefresh = async (presented) => {
      // Someone else rotated the token (here: a reconnect finishing) while our refresh was on its way.
      provider.refreshTokens.delete(presented);
      await storeConnection({
        organizationId: organization.id,
        customerId: customer.id,
        instanceId: instance.id,
        connectionId,
        key: "github",
        connector: "hub",
        accountLabel: "octocat",
        stored: { kind: "oauth2", accessToken: fresh.access_token, refreshToken: fresh.refresh_token, grant: "authorization_code" },
        expiresAt: new Date(Date.now() + 3600_000),
      });
    };
    const before = provider.refreshCount;
    const resolved = await resolve(newProcess());
    expect(accessTokenOf(resolved)).toBe(fresh.access_token);
    expect(provider.refreshCount - before).toBe(1);
    expect(await db().connection.findUniqueOrThrow({ where: { id: connectionId } })).toMatchObject({ status: "active" });
  });
});
