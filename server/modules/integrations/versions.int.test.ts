import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { upgradeInstance } from "@/server/modules/instances/instances.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { ManifestInvalidError, publishVersion, pushManifest } from "./integrations.service";

const manifest = (key: string, note: string) => `key: ${key}
name: Versioned
releaseNotes: ${note}
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States:
      Done: { Type: Pass, Result: "${note}", End: true }
`;

describe("integration versions", () => {
  it("refuses a broken manifest with every problem and its line, storing nothing", async () => {
    const { organization } = await createOrganizationWithMember();
    const broken = `key: broken-one
name: Broken
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Frist
    States:
      First: { Type: Pass, Next: Nowhere }
`;
    const error = await pushManifest(organization.id, broken).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ManifestInvalidError);
    const errors = (error as ManifestInvalidError).errors;
    expect(errors.map((e) => [e.path, e.line])).toEqual(
      expect.arrayContaining([
        ["flows[0].StartAt", 6],
        ["flows[0].States.First.Next", 8],
      ]),
    );
    expect(await db().integration.count({ where: { organizationId: organization.id } })).toBe(0);
  });

  it("keeps published versions immutable and instances on their version until upgraded", async () => {
    const { organization } = await createOrganizationWithMember();
    const key = `versioned-${Date.now()}`;
    const { instance, version: v1 } = await deployIntegration({ organizationId: organization.id, manifest: manifest(key, "one") });
    expect(v1).toMatchObject({ version: 1, status: "published" });

    await expect(db().integrationVersion.update({ where: { id: v1.id }, data: { source: "changed" } })).rejects.toThrow(/published and cannot be changed/);

    const pushed = await pushManifest(organization.id, manifest(key, "two"));
    expect(pushed.version.version).toBe(2);
    // Pushing the same text again changes nothing.
    expect((await pushManifest(organization.id, manifest(key, "two"))).created).toBe(false);
    await publishVersion(organization.id, pushed.version.id);
    expect((await db().instance.findUniqueOrThrow({ where: { id: instance.id } })).integrationVersionId).toBe(v1.id);

    const upgraded = await upgradeInstance(organization.id, instance.id);
    expect(upgraded.version.version).toBe(2);
    expect(upgraded.status).toBe("active");
    expect((await db().instance.findUniqueOrThrow({ where: { id: instance.id } })).integrationVersionId).toBe(pushed.version.id);
  });
});
