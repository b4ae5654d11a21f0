import { describe, expect, it } from "vitest";
import { crossSiteReason } from "./cross-site";

const check = (headers: Record<string, string>, trustedOrigins?: string[]) => crossSiteReason(new Headers(headers), { trustedOrigins });

describe("crossSiteReason", () => {
  it("accepts the console's own pages and non-browser callers", () => {
    expect(check({ host: "localhost:3400", origin: "http://localhost:3400" })).toBeNull();
    expect(check({ host: "localhost:3400", "sec-fetch-site": "same-origin", origin: "http://localhost:3400" })).toBeNull();
    expect(check({ host: "10.0.0.5", "x-forwarded-host": "sy.vendor.test", origin: "https://sy.vendor.test" })).toBeNull();
    expect(check({ host: "internal:3000", origin: "https://sy.vendor.test" }, ["https://sy.vendor.test/"])).toBeNull();
    expect(check({ host: "localhost:3400" })).toBeNull();
    expect(check({ "sec-fetch-site": "none" })).toBeNull();
  });

  it("refuses other sites, sibling sites and opaque origins, naming them", () => {
    expect(check({ host: "localhost:3400", origin: "https://evil.example" })).toMatch(/came from https:\/\/evil\.example/);
    expect(check({ host: "localhost:3400", origin: "http://localhost:3401" })).toMatch(/localhost:3401/);
    expect(check({ host: "localhost:3400", origin: "null" })).toMatch(/opaque origin/);
    expect(check({ host: "localhost:3400", origin: "not a url" })).toMatch(/not a url/);
    expect(check({ "sec-fetch-site": "cross-site", origin: "http://localhost:3400", host: "localhost:3400" })).toMatch(/cross-site \(Sec-Fetch-Site\)/);
    expect(check({ "sec-fetch-site": "same-site" })).toMatch(/same-site/);
  });
});
