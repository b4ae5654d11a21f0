import { TRPCError } from "@trpc/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareEmbedOrganization } from "@/server/modules/embed/embed-fixtures";
import { sealEmbedSession } from "@/server/modules/embed/embed-session";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { addMember, callerAs, TEST_SESSION_SECRET } from "@/server/testing/factories";
import { oauthScenario, testOAuthSettings } from "@/server/testing/oauth-test-fixtures";
import { connectThroughPopup } from "@/server/testing/oauth-test-popup";
import { startTestOAuthProvider, type TestOAuthProvider } from "@/server/testing/oauth-test-provider";

let provider: TestOAuthProvider;
beforeAll(async () => {
  provider = await startTestOAuthProvider();
});
afterAll(() => provider.close());

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

async function embedCaller(organizationId: string, customer: { id: string; externalId: string }) {
  const { key } = await prepareEmbedOrganization(organizationId, { allowedOrigins: [] });
  const session = {
    organizationId,
    customerId: customer.id,
    customerExternalId: customer.externalId,
    userId: "u-1",
    embedKeyId: key.id,
    expiresAt: Date.now() + 600_000,
  };
  return callerAs({ bearer: await sealEmbedSession(session, TEST_SESSION_SECRET) });
}

describe("connections procedures", () => {
  it("list their customer's connections without tokens, and disconnect only their own", async () => {
    const { organization, user, customer, instance } = await oauthScenario(provider);
    const popup = await connectThroughPopup(
      { organizationId: organization.id, customerId: customer.id },
      { connector: "hub", key: "github", instanceId: instance.id },
      testOAuthSettings(),
    );
    const embed = await embedCaller(organization.id, customer);
    const listed = await embed.connections.list();
    expect(listed).toEqual([
      expect.objectContaining({
        id: popup.message!.connectionId,
        key: "github",
        connector: "hub",
        accountLabel: "octocat",
        status: "active",
        statusReason: null,
      }),
    ]);
    const text = JSON.stringify(listed);
    for (const token of provider.accessTokens.keys()) expect(text).not.toContain(token);
    expect(text).not.toContain("credentials");

    // Another customer of the same organization sees nothing and cannot disconnect it.
    const neighbour = await upsertCustomer(organization.id, `neighbour-${Date.now()}`);
    const other = await embedCaller(organization.id, neighbour);
    expect(await other.connections.list()).toEqual([]);
    expect((await rejection(other.connections.disconnect({ id: listed[0].id }))).code).toBe("NOT_FOUND");

    // The console sees the organization's connections; support may read but not disconnect.
    expect(await callerAs({ userId: user.id }).connections.list({ customerId: customer.id })).toHaveLength(1);
    const support = await addMember(organization.id, "support");
    expect(await callerAs({ userId: support.id }).connections.list()).toHaveLength(1);
    expect((await rejection(callerAs({ userId: support.id }).connections.disconnect({ id: listed[0].id }))).code).toBe("FORBIDDEN");

    expect(await embed.connections.disconnect({ id: listed[0].id })).toEqual({ disconnected: true });
    expect(await embed.connections.list()).toEqual([]);
  });

  it("beginOAuth answers a start link without the session token, and explains what cannot be connected", async () => {
    const { organization, user, customer } = await oauthScenario(provider);
    const embed = await embedCaller(organization.id, customer);
    // The deployment's own registry has no OAuth connector called "hub"; SFTP takes typed-in credentials.
    expect(await rejection(embed.connections.beginOAuth({ connector: "hub", key: "github" }))).toMatchObject({
      code: "NOT_FOUND",
      message: 'There is no connector "hub" in this deployment.',
    });
    expect(await rejection(embed.connections.beginOAuth({ connector: "sftp", key: "sftp" }))).toMatchObject({
      code: "BAD_REQUEST",
      message: "SFTP does not connect by signing in with OAuth.",
    });
    expect((await rejection(callerAs({}).connections.list())).code).toBe("UNAUTHORIZED");
    // The console must say which customer it connects for.
    expect(await rejection(callerAs({ userId: user.id }).connections.beginOAuth({ connector: "acme", key: "acme" }))).toMatchObject({ code: "BAD_REQUEST" });
  });
});
