import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hmacConfigSchema, signHmac } from "./hmac";
import { verifyDelivery } from "./registry";
import { printableSecrets } from "./testing/preset-contract";
import type { WebhookRequest } from "./verifier";

const now = new Date(1_700_000_000_000);
const ctx = { now: () => now };
const URL_CALLED = "https://hooks.example.com/api/hooks/tok";

function delivery(body: string, headers: Record<string, string>): WebhookRequest {
  return { method: "POST", url: URL_CALLED, headers: { "content-type": "application/json", ...headers }, rawBody: Buffer.from(body) };
}

/** Independent of our code: what each provider-style variant puts in its header. */
const variants = [
  {
    name: "hex SHA-256 with a prefix (GitHub-like)",
    config: { scheme: "hmac", header: "X-Signature", prefix: "sha256=" },
    sign: (secret: string, body: string) => ({ "x-signature": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}` }),
  },
  {
    name: "base64 SHA-1 (Intercom-like)",
    config: { scheme: "hmac", header: "x-hub-signature", algorithm: "sha1", encoding: "base64" },
    sign: (secret: string, body: string) => ({ "x-hub-signature": createHmac("sha1", secret).update(body).digest("base64") }),
  },
  {
    name: "hex SHA-512",
    config: { scheme: "hmac", header: "x-sig", algorithm: "sha512" },
    sign: (secret: string, body: string) => ({ "x-sig": createHmac("sha512", secret).update(body).digest("hex").toUpperCase() }),
  },
  {
    name: "timestamp + separator + body",
    config: { scheme: "hmac", header: "x-sig", signed: "timestamp+body", timestampHeader: "x-ts", separator: "." },
    sign: (secret: string, body: string) => ({ "x-ts": "1700000000", "x-sig": createHmac("sha256", secret).update(`1700000000.${body}`).digest("hex") }),
  },
  {
    name: "url + body, base64 (Square-like)",
    config: { scheme: "hmac", header: "x-square-hmacsha256-signature", signed: "url+body", encoding: "base64" },
    sign: (secret: string, body: string) => ({
      "x-square-hmacsha256-signature": createHmac("sha256", secret)
        .update(URL_CALLED + body)
        .digest("base64"),
    }),
  },
] as const;

describe("generic hmac scheme", () => {
  describe.each(variants)("$name", ({ config, sign }) => {
    it("accepts the provider's signature and rejects a changed byte or another secret", () => {
      fc.assert(
        fc.property(printableSecrets, printableSecrets, fc.string({ minLength: 1, maxLength: 200 }), (secret, other, body) => {
          fc.pre(secret !== other);
          expect(verifyDelivery(delivery(body, sign(secret, body)), config, [secret], ctx)).toEqual({ ok: true });
          expect(verifyDelivery(delivery(body, sign(secret, body)), config, [other], ctx)).toMatchObject({ ok: false });
          expect(verifyDelivery(delivery(`${body} `, sign(secret, body)), config, [secret], ctx)).toMatchObject({ ok: false });
        }),
        { numRuns: 60 },
      );
    });

    it("signs what it verifies (the sandbox simulators use signHmac)", () => {
      const { scheme: _scheme, ...options } = config;
      const parsed = hmacConfigSchema.parse(options);
      const template = delivery('{"n":1}', sign("s3cret", '{"n":1}'));
      const signature = signHmac(parsed, "s3cret", template);
      expect(signature.toLowerCase()).toBe(template.headers[parsed.header].toLowerCase());
    });
  });

  it("rejects a missing or malformed signature header with its name", () => {
    const config = { scheme: "hmac", header: "X-Signature", prefix: "sha256=" } as const;
    expect(verifyDelivery(delivery("{}", {}), config, ["k"], ctx)).toEqual({ ok: false, reason: "missing x-signature header" });
    expect(verifyDelivery(delivery("{}", { "x-signature": "sha1=abcd" }), config, ["k"], ctx)).toEqual({
      ok: false,
      reason: "x-signature header is malformed (expected sha256=<hex SHA256 HMAC>)",
    });
  });

  it("applies the tolerance to a signed timestamp, in unix, unix-ms and ISO-8601", () => {
    const body = "{}";
    for (const [format, stamp] of [
      ["unix", "1699999000"],
      ["unix-ms", "1699999000000"],
      ["iso8601", "2023-11-14T22:00:00Z"],
    ] as const) {
      const config = { scheme: "hmac", header: "x-sig", signed: "timestamp+body", timestampHeader: "x-ts", timestampFormat: format } as const;
      const headers = {
        "x-ts": stamp,
        "x-sig": createHmac("sha256", "k")
          .update(stamp + body)
          .digest("hex"),
      };
      expect(verifyDelivery(delivery(body, headers), config, ["k"], ctx)).toMatchObject({
        ok: false,
        reason: expect.stringMatching(/^timestamp is \d+ s old/),
      });
      expect(verifyDelivery(delivery(body, headers), { ...config, tolerance: 3600 }, ["k"], ctx)).toEqual({ ok: true });
    }
  });

  it("requires a timestamp header when the timestamp is signed", () => {
    expect(hmacConfigSchema.safeParse({ header: "x-sig", signed: "timestamp+body" }).success).toBe(false);
  });

  it("fails closed and rotates", () => {
    const config = { scheme: "hmac", header: "x-sig" } as const;
    const headers = { "x-sig": createHmac("sha256", "new").update("{}").digest("hex") };
    expect(verifyDelivery(delivery("{}", headers), config, [], ctx)).toEqual({ ok: false, reason: "no secret configured" });
    expect(verifyDelivery(delivery("{}", headers), config, ["old", "new"], ctx)).toEqual({ ok: true });
  });
});
