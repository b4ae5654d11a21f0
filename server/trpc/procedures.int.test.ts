import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { prepareEmbedOrganization } from "@/server/modules/embed/embed-fixtures";
import { sealEmbedSession } from "@/server/modules/embed/embed-session";
import { addMember, callerAs, createOrganizationWithMember, TEST_SESSION_SECRET } from "@/server/testing/factories";

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("procedure kinds", () => {
  it("console procedures need a signed-in member and see only their organization", async () => {
    const a = await createOrganizationWithMember({ name: "Alpha" });
    const b = await createOrganizationWithMember({ name: "Beta" });
    expect((await rejection(callerAs({}).organization.current())).code).toBe("UNAUTHORIZED");
    const current = await callerAs({ userId: a.user.id }).organization.current();
    expect(current).toMatchObject({ name: "Alpha", you: { role: "owner" } });
    const members = await callerAs({ userId: b.user.id }).organization.members();
    expect(members.map((m) => m.email)).toEqual([b.user.email]);
  });

  it("API keys: shown once, stored hashed, scoped to their organization, revocable", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const created = await callerAs({ userId: user.id }).apiKeys.create({ name: "CI" });
    expect(created.key).toMatch(/^sy_live_/);
    const listed = await callerAs({ userId: user.id }).apiKeys.list();
    expect(JSON.stringify(listed)).not.toContain(created.key);
    expect(await callerAs({ bearer: created.key }).apiKeys.whoami()).toEqual({ organizationId: organization.id, apiKeyId: created.id });

    const other = await createOrganizationWithMember();
    // Another organization's owner cannot revoke it.
    expect((await rejection(callerAs({ userId: other.user.id }).apiKeys.revoke({ id: created.id }))).code).toBe("NOT_FOUND");
    await callerAs({ userId: user.id }).apiKeys.revoke({ id: created.id });
    expect((await rejection(callerAs({ bearer: created.key }).apiKeys.whoami())).code).toBe("UNAUTHORIZED");
    expect((await rejection(callerAs({ bearer: "sy_live_not-a-real-key" }).apiKeys.whoami())).code).toBe("UNAUTHORIZED");
  });

  it("support members read but may not create API keys", async () => {
    const { organization } = await createOrganizationWithMember();
    const support = await addMember(organization.id, "support");
    expect(await callerAs({ userId: support.id }).apiKeys.list()).toEqual([]);
    const error = await rejection(callerAs({ userId: support.id }).apiKeys.create({ name: "nope" }));
    expect(error.code).toBe("FORBIDDEN");
    expect(error.message).toMatch(/owner or admin/);
  });

  it("embed procedures accept a sealed session and refuse a forged or expired one", async () => {
    const { organization } = await createOrganizationWithMember();
    const { key } = await prepareEmbedOrganization(organization.id, { allowedOrigins: [] });
    const customer = await upsertCustomer(organization.id, "cust-42");
    const session = {
      organizationId: organization.id,
      customerId: customer.id,
      customerExternalId: "cust-42",
      userId: "u-7",
      embedKeyId: key.id,
      expiresAt: Date.now() + 60_000,
    };
    const token = await sealEmbedSession(session, TEST_SESSION_SECRET);
    expect(await callerAs({ bearer: token }).embed.session()).toEqual({ customerExternalId: "cust-42", userId: "u-7", expiresAt: session.expiresAt });
    const forged = await sealEmbedSession(session, "another-secret-that-is-also-long-enough-0123456");
    expect((await rejection(callerAs({ bearer: forged }).embed.session())).code).toBe("UNAUTHORIZED");
    const expired = await sealEmbedSession({ ...session, expiresAt: Date.now() - 1000 }, TEST_SESSION_SECRET);
    expect((await rejection(callerAs({ bearer: expired }).embed.session())).code).toBe("UNAUTHORIZED");
    // An API key is not an embed session, and vice versa.
    expect((await rejection(callerAs({ bearer: token }).apiKeys.whoami())).code).toBe("UNAUTHORIZED");
  });

  it("validation errors name the field", async () => {
    const { user } = await createOrganizationWithMember();
    const error = await rejection(callerAs({ userId: user.id }).apiKeys.create({ name: "  " }));
    expect(error.code).toBe("BAD_REQUEST");
  });
});
