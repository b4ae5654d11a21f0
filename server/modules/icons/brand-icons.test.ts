import { describe, expect, it } from "vitest";
import { resolveIcon, resolveIcons } from "./brand-icons";

describe("resolveIcon", () => {
  it("finds a brand of the Simple Icons set by its name, with its path and colour", async () => {
    const github = await resolveIcon("github");
    expect(github).toMatchObject({ kind: "brand", title: "GitHub", color: "#181717" });
    expect(github?.kind === "brand" && github.path).toMatch(/^M/);
    expect(await resolveIcon("Zendesk")).toMatchObject({ kind: "brand", title: "Zendesk" });
  });

  it("keeps the vendor's own image: an https URL or a path on this server", async () => {
    expect(await resolveIcon("https://cdn.example.com/logo.png")).toEqual({ kind: "image", src: "https://cdn.example.com/logo.png" });
    expect(await resolveIcon("/logos/acme.svg")).toEqual({ kind: "image", src: "/logos/acme.svg" });
  });

  it("answers null for what it cannot show, so the initials are drawn", async () => {
    expect(await resolveIcon(null)).toBeNull();
    expect(await resolveIcon("slack")).toBeNull();
    expect(await resolveIcon("http://insecure.example.com/a.png")).toBeNull();
    expect(await resolveIcon("javascript:alert(1)")).toBeNull();
    expect(await resolveIcons(["github", null, "github"])).toHaveLength(3);
  });
});
