/** The console's first-run set-up (the tRPC `setup.createOwner` the set-up page calls) seeds the sandbox demo for the new organization. */
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { callerAs, createOrganizationWithMember } from "@/server/testing/factories";
import { DEMO_EMBED_KID, demoManifests, demoVendorSession } from "./seed-demo";

beforeAll(async () => {
  // Set-up only works while there are no users at all.
  await useFreshDatabase("setup_demo");
});

describe("setup.createOwner with the sandbox on", () => {
  it("creates the owner and prepares the organization for the demo", async () => {
    const caller = callerAs({});
    expect(await caller.setup.status()).toEqual({ needsSetup: true });
    await caller.setup.createOwner({ organizationName: "Demo Vendor", name: "Olive Owner", email: "olive@example.com", password: "correct horse battery" });
    const organization = await db().organization.findFirstOrThrow({ select: { id: true, allowedOrigins: true } });
    const integrations = await db().integration.findMany({ where: { organizationId: organization.id, listed: true }, select: { key: true } });
    expect(integrations.map((i) => i.key)).toEqual(expect.arrayContaining(["github-zendesk", "github-slack", "sftp-csv-import", "zendesk-ticket-report"]));
    expect(integrations).toHaveLength(demoManifests().length);
    expect((await db().oAuthApp.findMany({ where: { organizationId: organization.id } })).map((app) => app.provider).sort()).toEqual([
      "acme",
      "github",
      "salesforce",
      "slack",
      "zendesk",
    ]);
    expect(await db().embedKey.count({ where: { organizationId: organization.id, kid: DEMO_EMBED_KID } })).toBe(1);
    expect(await db().sandboxAccount.count({ where: { provider: "github", login: "octo-demo" } })).toBe(1);
  });

  it("keeps the demo vendor page to the demo organization: no other organization can take the demo's key id", async () => {
    const demo = await db().organization.findFirstOrThrow({ orderBy: { createdAt: "asc" } });
    const other = await createOrganizationWithMember();
    const otherOwner = callerAs({ userId: other.user.id });
    await expect(otherOwner.embedKeys.generateSecret({ kid: DEMO_EMBED_KID })).rejects.toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/kept for the demo/),
    });
    await expect(otherOwner.embedKeys.generateSecret({ kid: "sandbox-vendor-2" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(JSON.parse(Buffer.from((await demoVendorSession())!.token.split(".")[1]!, "base64url").toString()).iss).toBe(demo.id);

    // With the demo's key revoked, the page has no one to sign in, rather than someone else's organization.
    const owner = await db().membership.findFirstOrThrow({ where: { organizationId: demo.id } });
    const key = await db().embedKey.findFirstOrThrow({ where: { organizationId: demo.id, kid: DEMO_EMBED_KID } });
    await callerAs({ userId: owner.userId }).embedKeys.revoke({ id: key.id });
    expect(await demoVendorSession()).toBeNull();
  });
});
