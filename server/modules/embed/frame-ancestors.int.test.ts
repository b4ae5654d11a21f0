import { describe, expect, it } from "vitest";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { saveEmbedSettings } from "./embed-settings.service";
import { frameAncestorsFor } from "./frame-ancestors";

describe("frame-ancestors of embed pages", () => {
  it("allows exactly an origin some organization allows, and nothing else", async () => {
    const { organization } = await createOrganizationWithMember();
    await saveEmbedSettings(organization.id, { allowedOrigins: ["https://allowed.vendor.test/some/path"] });
    expect(await frameAncestorsFor("https://allowed.vendor.test")).toBe("https://allowed.vendor.test");
    for (const candidate of [
      null,
      "",
      "https://other.test",
      "https://allowed.vendor.test/",
      "*",
      "https://allowed.vendor.test 'self'",
      "javascript:alert(1)",
    ]) {
      expect(await frameAncestorsFor(candidate)).toBe("'none'");
    }
  });

  it("forgets a removed origin as soon as the settings change", async () => {
    const { organization } = await createOrganizationWithMember();
    await saveEmbedSettings(organization.id, { allowedOrigins: ["https://soon-gone.test"] });
    expect(await frameAncestorsFor("https://soon-gone.test")).toBe("https://soon-gone.test");
    await saveEmbedSettings(organization.id, { allowedOrigins: [] });
    expect(await frameAncestorsFor("https://soon-gone.test")).toBe("'none'");
  });

  it("refuses to store something that is not an origin", async () => {
    const { organization } = await createOrganizationWithMember();
    await expect(saveEmbedSettings(organization.id, { allowedOrigins: ["not a url"] })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("forgets a removed origin in every copy of this module the process runs (proxy.ts has its own)", async () => {
    const copy = "./frame-ancestors.ts?copy=proxy";
    const proxyCopy = (await import(/* @vite-ignore */ copy)) as typeof import("./frame-ancestors");
    const { organization } = await createOrganizationWithMember();
    await saveEmbedSettings(organization.id, { allowedOrigins: ["https://leaving.test"] });
    expect(await proxyCopy.frameAncestorsFor("https://leaving.test")).toBe("https://leaving.test");
    await saveEmbedSettings(organization.id, { allowedOrigins: [] });
    expect(await proxyCopy.frameAncestorsFor("https://leaving.test")).toBe("'none'");
  });
});
