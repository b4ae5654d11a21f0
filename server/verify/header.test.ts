import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./registry";
import { printableSecrets } from "./testing/preset-contract";
import type { WebhookRequest } from "./verifier";

const ctx = { now: () => new Date() };
const delivery = (headers: Record<string, string>): WebhookRequest => ({ method: "POST", url: "https://h.example/x", headers, rawBody: Buffer.from("{}") });

describe("shared token header scheme", () => {
  const config = { scheme: "header", header: "X-Gitlab-Token" } as const;

  it("accepts exactly a configured token and nothing else", () => {
    fc.assert(
      fc.property(printableSecrets, printableSecrets, (token, other) => {
        fc.pre(token.trim() !== other.trim());
        expect(verifyDelivery(delivery({ "x-gitlab-token": token.trim() }), config, [token.trim()], ctx)).toEqual({ ok: true });
        expect(verifyDelivery(delivery({ "x-gitlab-token": other.trim() }), config, [token.trim()], ctx)).toEqual({
          ok: false,
          reason: "x-gitlab-token header does not match any configured token",
        });
      }),
      { numRuns: 100 },
    );
  });

  it("accepts a bearer token after its prefix, with the prefix case-insensitive", () => {
    const bearer = { scheme: "header", header: "Authorization", prefix: "Bearer " } as const;
    expect(verifyDelivery(delivery({ authorization: "bearer tok_123" }), bearer, ["tok_123"], ctx)).toEqual({ ok: true });
    expect(verifyDelivery(delivery({ authorization: "Basic tok_123" }), bearer, ["tok_123"], ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("malformed"),
    });
  });

  it("fails closed, names a missing header, and rotates", () => {
    expect(verifyDelivery(delivery({ "x-gitlab-token": "" }), config, [""], ctx)).toEqual({ ok: false, reason: "no secret configured" });
    expect(verifyDelivery(delivery({}), config, ["a"], ctx)).toEqual({ ok: false, reason: "missing x-gitlab-token header" });
    expect(verifyDelivery(delivery({ "x-gitlab-token": "new" }), config, ["old", "new"], ctx)).toEqual({ ok: true });
  });
});
