import { describe, expect, it } from "vitest";
import type { KnownEndpoint } from "./known-endpoints";
import { KnownEndpoints } from "./known-endpoints";
import { hookTokenOf } from "./node-hook";

const known = { endpoint: { id: "e" }, run: { instanceId: "i" } } as unknown as KnownEndpoint;

describe("KnownEndpoints", () => {
  it("keeps an endpoint for a few seconds, and forgets it on request", () => {
    let now = 0;
    const endpoints = new KnownEndpoints(() => now);
    endpoints.remember("t", known);
    expect(endpoints.get("t")?.endpoint.id).toBe("e");
    now = 4_999;
    expect(endpoints.get("t")).toBeDefined();
    now = 5_000;
    expect(endpoints.get("t")).toBeUndefined();
    endpoints.remember("t", known);
    endpoints.forget("t");
    expect(endpoints.get("t")).toBeUndefined();
  });
});

describe("hookTokenOf", () => {
  it("reads the token of a webhook URL and nothing else", () => {
    expect(hookTokenOf("/api/hooks/abcDEF123_-")).toBe("abcDEF123_-");
    expect(hookTokenOf("/api/hooks/abc?x=1")).toBe("abc");
    expect(hookTokenOf("/api/hooks/abc/")).toBeNull();
    expect(hookTokenOf("/api/hooks/abc/more")).toBeNull();
    expect(hookTokenOf("/api/hooks/")).toBeNull();
    expect(hookTokenOf("/api/health")).toBeNull();
    expect(hookTokenOf("/api/hookshot/abc")).toBeNull();
  });
});
