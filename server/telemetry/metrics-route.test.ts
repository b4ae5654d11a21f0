import { describe, expect, it } from "vitest";
import { bearerTokenMatches, handleMetricsRequest } from "./metrics-route";

const TOKEN = "m".repeat(40);
const request = (authorization?: string) => new Request("http://switchyard.test/api/metrics", { headers: authorization ? { authorization } : {} });

describe("metrics route access", () => {
  it("is off (404) while no METRICS_TOKEN is set, whatever the request sends", async () => {
    const response = await handleMetricsRequest(request(`Bearer ${TOKEN}`), null);
    expect(response.status).toBe(404);
    expect((await response.json()).error.message).toMatch(/METRICS_TOKEN/);
  });

  it("answers 401 with a Bearer challenge without the token, or with another one", async () => {
    for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(1)}`, `Basic ${TOKEN}`, TOKEN, "Bearer "]) {
      const response = await handleMetricsRequest(request(authorization), TOKEN);
      expect(response.status, String(authorization)).toBe(401);
      expect(response.headers.get("www-authenticate")).toBe('Bearer realm="metrics"');
      expect(await response.text()).not.toContain(TOKEN);
    }
  });

  it("takes the token as a bearer token, case-insensitive scheme, nothing else", () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(bearerTokenMatches(null, TOKEN)).toBe(false);
    expect(bearerTokenMatches("Bearer", "")).toBe(false);
  });
});
