import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./registry";
import type { WebhookRequest } from "./verifier";

const ctx = { now: () => new Date() };
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
const delivery = (authorization?: string): WebhookRequest => ({
  method: "POST",
  url: "https://h.example/x",
  headers: authorization === undefined ? {} : { authorization },
  rawBody: Buffer.from("{}"),
});

describe("basic auth scheme", () => {
  const config = { scheme: "basic", username: "switchyard" } as const;

  it("accepts the configured user with any configured password, and rejects other pairs", () => {
    const passwords = fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim().length > 0);
    fc.assert(
      fc.property(passwords, passwords, (password, other) => {
        fc.pre(password !== other);
        expect(verifyDelivery(delivery(basic("switchyard", password)), config, [other, password], ctx)).toEqual({ ok: true });
        expect(verifyDelivery(delivery(basic("switchyard", other)), config, [password], ctx)).toEqual({
          ok: false,
          reason: "user name or password does not match",
        });
        expect(verifyDelivery(delivery(basic("someone", password)), config, [password], ctx)).toEqual({
          ok: false,
          reason: "user name or password does not match",
        });
      }),
      { numRuns: 100 },
    );
  });

  it("explains a missing or malformed Authorization header, and fails closed", () => {
    expect(verifyDelivery(delivery(), config, ["p"], ctx)).toEqual({ ok: false, reason: "missing Authorization header" });
    expect(verifyDelivery(delivery("Bearer abc"), config, ["p"], ctx)).toMatchObject({ ok: false, reason: expect.stringContaining("malformed") });
    expect(verifyDelivery(delivery(`Basic ${Buffer.from("no-colon").toString("base64")}`), config, ["p"], ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("malformed"),
    });
    expect(verifyDelivery(delivery(basic("switchyard", "p")), config, [], ctx)).toEqual({ ok: false, reason: "no secret configured" });
  });
});
