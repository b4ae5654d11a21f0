import { describe, expect, it } from "vitest";
import { contentSecurityPolicy } from "./security-headers";

describe("contentSecurityPolicy", () => {
  it("keeps scripts, connections and forms on this origin and sets frame-ancestors", () => {
    const policy = contentSecurityPolicy({ frameAncestors: "'none'" });
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("form-action 'self'");
    expect(policy).toMatch(/frame-ancestors 'none'$/);
    expect(policy).not.toContain("unsafe-eval");
    expect(contentSecurityPolicy({ frameAncestors: "https://app.vendor.test" })).toContain("frame-ancestors https://app.vendor.test");
  });

  it("runs inline scripts only with the response's nonce, and none without one", () => {
    expect(contentSecurityPolicy({ frameAncestors: "'none'", nonce: "bm9uY2U=" })).toContain("script-src 'self' 'nonce-bm9uY2U='; ");
    expect(contentSecurityPolicy({ frameAncestors: "'none'", nonce: "bm9uY2U=" })).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(contentSecurityPolicy({ frameAncestors: "'none'" })).toContain("script-src 'self'; ");
  });

  it("allows what fast refresh needs only in development", () => {
    expect(contentSecurityPolicy({ frameAncestors: "'none'", development: true })).toMatch(/script-src 'self' 'unsafe-inline' 'unsafe-eval'/);
  });
});
