import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyDelivery } from "./registry";
import type { WebhookRequest } from "./verifier";

const ctx = { now: () => new Date(1_700_000_000_000) };
const APP_SECRET = "meta-app-secret";

/** Meta (WhatsApp, Instagram, Messenger): GET handshake with a verify token, POSTs signed with the app secret. */
const meta = {
  scheme: "challenge",
  query: "hub.challenge",
  verifyToken: { query: "hub.verify_token", value: "my-verify-token" },
  then: { scheme: "hmac", header: "X-Hub-Signature-256", prefix: "sha256=" },
} as const;

const get = (query: string): WebhookRequest => ({
  method: "GET",
  url: `https://hooks.example.com/api/hooks/tok?${query}`,
  headers: {},
  rawBody: Buffer.alloc(0),
});

function post(body: string, headers: Record<string, string>): WebhookRequest {
  return {
    method: "POST",
    url: "https://hooks.example.com/api/hooks/tok",
    headers: { "content-type": "application/json", ...headers },
    rawBody: Buffer.from(body),
  };
}

describe("challenge scheme", () => {
  it("echoes any challenge as text when the verify token matches", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (challenge) => {
        const query = new URLSearchParams({ "hub.mode": "subscribe", "hub.challenge": challenge, "hub.verify_token": "my-verify-token" });
        expect(verifyDelivery(get(query.toString()), meta, [APP_SECRET], ctx)).toEqual({
          ok: true,
          challenge: { status: 200, contentType: "text/plain; charset=utf-8", body: challenge },
        });
      }),
      { numRuns: 100 },
    );
  });

  it("refuses a handshake with a wrong or missing verify token", () => {
    expect(verifyDelivery(get("hub.challenge=123&hub.verify_token=guess"), meta, [APP_SECRET], ctx)).toEqual({
      ok: false,
      reason: "challenge verify token does not match the configured one",
    });
    expect(verifyDelivery(get("hub.challenge=123"), meta, [APP_SECRET], ctx)).toEqual({ ok: false, reason: "challenge carries no verify token" });
  });

  it("sends ordinary deliveries through `then`", () => {
    const body = '{"object":"whatsapp_business_account"}';
    const signature = `sha256=${createHmac("sha256", APP_SECRET).update(body).digest("hex")}`;
    expect(verifyDelivery(post(body, { "x-hub-signature-256": signature }), meta, [APP_SECRET], ctx)).toEqual({ ok: true });
    expect(verifyDelivery(post(body, {}), meta, [APP_SECRET], ctx)).toEqual({ ok: false, reason: "missing x-hub-signature-256 header" });
  });

  it("fails closed with no secret, even for a handshake", () => {
    expect(verifyDelivery(get("hub.challenge=1&hub.verify_token=my-verify-token"), meta, [], ctx)).toEqual({ ok: false, reason: "no secret configured" });
  });

  it("answers a signed body challenge only after the signature verifies", () => {
    const twitch = {
      scheme: "challenge",
      field: "$.challenge",
      signed: true,
      then: {
        scheme: "hmac",
        header: "Twitch-Eventsub-Message-Signature",
        prefix: "sha256=",
        signed: "timestamp+body",
        timestampHeader: "Twitch-Eventsub-Message-Timestamp",
        timestampFormat: "iso8601",
      },
    } as const;
    const body = '{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"type":"channel.follow"}}';
    const stamp = "2023-11-14T22:13:20.000Z";
    const sign = (secret: string) =>
      `sha256=${createHmac("sha256", secret)
        .update(stamp + body)
        .digest("hex")}`;
    const headers = (secret: string) => ({ "twitch-eventsub-message-timestamp": stamp, "twitch-eventsub-message-signature": sign(secret) });
    expect(verifyDelivery(post(body, headers("twitch-secret")), twitch, ["twitch-secret"], ctx)).toEqual({
      ok: true,
      challenge: { status: 200, contentType: "text/plain; charset=utf-8", body: "pogchamp-kappa-360noscope-vohiyo" },
    });
    expect(verifyDelivery(post(body, headers("forged")), twitch, ["twitch-secret"], ctx)).toMatchObject({ ok: false });
  });

  it("can answer as JSON under a configured key (Strava)", () => {
    const strava = { scheme: "challenge", query: "hub.challenge", respondJsonKey: "hub.challenge", then: { scheme: "header", header: "x-token" } } as const;
    expect(verifyDelivery(get("hub.challenge=15f7d1a91c1f40f8a748fd134752feb3"), strava, ["t"], ctx)).toEqual({
      ok: true,
      challenge: { status: 200, contentType: "application/json", body: '{"hub.challenge":"15f7d1a91c1f40f8a748fd134752feb3"}' },
    });
  });

  it("refuses to echo an oversized challenge", () => {
    const dropbox = { scheme: "challenge", query: "challenge", then: { scheme: "header", header: "x-token" } } as const;
    expect(verifyDelivery(get(`challenge=${"a".repeat(5000)}`), dropbox, ["t"], ctx)).toMatchObject({
      ok: false,
      reason: expect.stringContaining("longer than"),
    });
  });

  it("rejects a challenge config with neither query nor field", () => {
    const verdict = verifyDelivery(get("challenge=1"), { scheme: "challenge", then: { scheme: "header", header: "x" } }, ["t"], ctx);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("verify configuration is invalid") });
  });
});
