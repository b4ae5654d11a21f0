import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { addMember, callerAs, createOrganizationWithMember } from "@/server/testing/factories";

const SECRET = "gh-client-secret-0123456789abcdef";

async function rejection(promise: Promise<unknown>): Promise<TRPCError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TRPCError);
  return error as TRPCError;
}

describe("OAuth apps (console)", () => {
  it("stores the client secret encrypted and never returns it; the list says one is set", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const console = callerAs({ userId: user.id });
    const created = await console.oauthApps.create({
      provider: "github",
      clientId: "Iv1.abc",
      clientSecret: SECRET,
      scopes: ["repo", "read:user"],
      authorizeUrl: "https://switchyard.example/sandbox/github/login/oauth/authorize",
    });
    expect(created).toMatchObject({ provider: "github", clientId: "Iv1.abc", hasClientSecret: true, scopes: ["repo", "read:user"], tokenUrl: null });
    const listed = await console.oauthApps.list();
    expect(listed).toHaveLength(1);
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    expect(Object.keys(listed[0])).not.toContain("clientSecretEncrypted");
    const row = await db().oAuthApp.findFirstOrThrow({ where: { organizationId: organization.id } });
    expect(row.clientSecretEncrypted).not.toContain(SECRET);

    // One app per provider.
    expect((await rejection(console.oauthApps.create({ provider: "github", clientId: "again" }))).code).toBe("CONFLICT");
  });

  it("updates overrides (null clears one), keeps the secret unless a new one is given, and deletes", async () => {
    const { user } = await createOrganizationWithMember();
    const console = callerAs({ userId: user.id });
    const app = await console.oauthApps.create({
      provider: "zendesk",
      clientId: "zd",
      tokenUrl: "https://example.zendesk.com/oauth/tokens",
      apiBaseUrl: "https://example.zendesk.com",
    });
    expect(app.hasClientSecret).toBe(false);
    const updated = await console.oauthApps.update({ id: app.id, tokenUrl: null, scopes: ["read"], clientSecret: "s3cret" });
    expect(updated).toMatchObject({ tokenUrl: null, apiBaseUrl: "https://example.zendesk.com", scopes: ["read"], hasClientSecret: true });
    expect((await console.oauthApps.update({ id: app.id, clientId: "zd-2" })).hasClientSecret).toBe(true);
    expect((await rejection(console.oauthApps.update({ id: app.id, authorizeUrl: "ftp://nope" }))).code).toBe("BAD_REQUEST");
    await console.oauthApps.delete({ id: app.id });
    expect(await console.oauthApps.list()).toEqual([]);
  });

  it("refuses a provider that is not a connector signing in with OAuth, saying what was meant and what is possible", async () => {
    const { user } = await createOrganizationWithMember();
    const console = callerAs({ userId: user.id });
    const typo = await rejection(console.oauthApps.create({ provider: "githib", clientId: "x" }));
    expect(typo).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining('There is no connector "githib"; did you mean "github"?') });
    expect(typo.message).toContain("OAuth apps can be set up for github, zendesk, slack, salesforce, acme.");
    const notOAuth = await rejection(console.oauthApps.create({ provider: "sftp", clientId: "x" }));
    expect(notOAuth).toMatchObject({ code: "BAD_REQUEST", message: expect.stringContaining("SFTP does not sign in with OAuth") });
    expect(await console.oauthApps.list()).toEqual([]);
    expect((await console.oauthApps.providers()).map((provider) => provider.key)).toEqual(["github", "zendesk", "slack", "salesforce", "acme"]);
  });

  it("support reads but may not change; other organizations see nothing", async () => {
    const { organization, user } = await createOrganizationWithMember();
    const app = await callerAs({ userId: user.id }).oauthApps.create({ provider: "github", clientId: "x", clientSecret: SECRET });
    const support = await addMember(organization.id, "support");
    expect(await callerAs({ userId: support.id }).oauthApps.list()).toHaveLength(1);
    expect((await rejection(callerAs({ userId: support.id }).oauthApps.update({ id: app.id, clientId: "y" }))).code).toBe("FORBIDDEN");
    const other = await createOrganizationWithMember();
    expect(await callerAs({ userId: other.user.id }).oauthApps.list()).toEqual([]);
    expect((await rejection(callerAs({ userId: other.user.id }).oauthApps.delete({ id: app.id }))).code).toBe("NOT_FOUND");
  });
});
