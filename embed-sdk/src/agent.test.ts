import { describe, expect, it } from "vitest";

import { mcpServerConfig, mcpServerConfigWithApiKey, mcpUrl, tokenExpiresAt } from "./agent";

const token = (claims: Record<string, unknown>) => `e30.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.sig`;

describe("agent helpers", () => {
  it("point an MCP client at the customer's tools with the token the vendor's backend signed", () => {
    const jwt = token({ customer: "acme", scope: "mcp", exp: 2_000_000_000 });
    expect(mcpServerConfig({ url: "https://integrations.example.com/switchyard/", token: jwt })).toEqual({
      type: "http",
      url: "https://integrations.example.com/switchyard/api/mcp",
      headers: { Authorization: `Bearer ${jwt}` },
    });
    expect(tokenExpiresAt(jwt)).toBe(2_000_000_000_000);
    expect(() => mcpServerConfig({ url: "https://integrations.example.com", token: "sy_live_abc" })).toThrow(/JWT your backend signed/);
  });

  it("or, for a backend agent, an API key and the customer's external id", () => {
    expect(mcpServerConfigWithApiKey({ url: "http://localhost:3000", apiKey: "sy_live_k", customer: "demo-customer" })).toEqual({
      type: "http",
      url: "http://localhost:3000/api/mcp",
      headers: { Authorization: "Bearer sy_live_k", "X-Switchyard-Customer": "demo-customer" },
    });
    expect(() => mcpServerConfigWithApiKey({ url: "http://localhost:3000", apiKey: "sy_live_k", customer: "" })).toThrow(/name the customer/);
    expect(mcpUrl("http://localhost:3000/")).toBe("http://localhost:3000/api/mcp");
  });
});
