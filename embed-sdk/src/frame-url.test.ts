import { describe, expect, it } from "vitest";
import { buildFrameUrl, parseServerUrl } from "./frame-url.js";

const server = parseServerUrl("https://switchyard.example");
const parent = "https://vendor.example";

describe("frame URLs", () => {
  it("points each view at its /embed/v1 page and names the parent origin", () => {
    expect(buildFrameUrl(server, { view: "marketplace" }, parent)).toBe(
      "https://switchyard.example/embed/v1/marketplace?parentOrigin=https%3A%2F%2Fvendor.example",
    );
    expect(buildFrameUrl(server, { view: "integration", integrationKey: "github-zendesk" }, parent)).toBe(
      "https://switchyard.example/embed/v1/integrations/github-zendesk?parentOrigin=https%3A%2F%2Fvendor.example",
    );
    expect(buildFrameUrl(server, { view: "instance", instanceId: "inst_1" }, parent)).toMatch(/\/embed\/v1\/instances\/inst_1\?/);
    expect(buildFrameUrl(server, { view: "logs" }, parent)).toMatch(/\/embed\/v1\/logs\?parentOrigin=/);
  });

  it("encodes filters, the logs instance and path segments", () => {
    const marketplace = new URL(buildFrameUrl(server, { view: "marketplace", filters: { category: "CRM & sales", search: "a/b?c" } }, parent));
    expect(marketplace.searchParams.get("category")).toBe("CRM & sales");
    expect(marketplace.searchParams.get("search")).toBe("a/b?c");
    expect(marketplace.searchParams.get("parentOrigin")).toBe(parent);

    const logs = new URL(buildFrameUrl(server, { view: "logs", instanceId: "i 1" }, parent));
    expect(logs.searchParams.get("instanceId")).toBe("i 1");

    const integration = buildFrameUrl(server, { view: "integration", integrationKey: "../admin" }, parent);
    expect(new URL(integration).pathname).toBe("/embed/v1/integrations/..%2Fadmin");
  });

  it("leaves empty filters out", () => {
    const url = new URL(buildFrameUrl(server, { view: "marketplace", filters: { category: "", search: undefined } }, parent));
    expect([...url.searchParams.keys()]).toEqual(["parentOrigin"]);
  });

  it("keeps a path prefix and drops a trailing slash, query and hash from the base URL", () => {
    const prefixed = parseServerUrl("https://example.com/switchyard/?x=1#top");
    expect(prefixed).toEqual({ base: "https://example.com/switchyard", origin: "https://example.com" });
    expect(buildFrameUrl(prefixed, { view: "logs" }, parent)).toMatch(/^https:\/\/example\.com\/switchyard\/embed\/v1\/logs\?/);
  });

  it("refuses relative and non-http URLs", () => {
    expect(() => parseServerUrl("/switchyard")).toThrow(/absolute URL/);
    expect(() => parseServerUrl("javascript:alert(1)")).toThrow(/http\(s\)/);
  });
});
