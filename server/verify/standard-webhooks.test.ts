import fc from "fast-check";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { describePresetContract, jsonBodies, whsecSecrets } from "./testing/preset-contract";
import { verifyDelivery } from "./registry";
import { signStandardWebhook } from "./standard-webhooks";
import type { WebhookRequest } from "./verifier";

const messageIds = fc.stringMatching(/^msg_[A-Za-z0-9]{8,27}$/);

const request = (id: string, timestamp: number, body: string, signature: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": signature },
  rawBody: Buffer.from(body),
});

const seconds = (date: Date) => date.getTime() / 1000;

describePresetContract<string>({
  preset: "standard-webhooks",
  keys: whsecSecrets,
  configured: (secret) => secret,
  bodies: jsonBodies,
  tolerance: 300,
  providerSigns: (secret, body, signedAt) =>
    request("msg_p5jXN8AQM9LWM0D4loKWxJek", seconds(signedAt), body, new Webhook(secret).sign("msg_p5jXN8AQM9LWM0D4loKWxJek", signedAt, body)),
  weSign: (secret, body, signedAt) => request("msg_1", seconds(signedAt), body, signStandardWebhook(secret, "msg_1", seconds(signedAt), Buffer.from(body))),
  providerAccepts: (secret, delivery) => {
    new Webhook(secret).verify(delivery.rawBody, delivery.headers);
    return true;
  },
  requiredHeaders: ["webhook-id", "webhook-timestamp", "webhook-signature"],
  malformed: {
    "webhook-signature": ["", "v1a,c2lnbmF0dXJl", "v1,%%%", `v1,${Buffer.alloc(20).toString("base64")}`],
    "webhook-timestamp": ["", "soon", "1700000000.5"],
  },
});

describe("standard webhooks details", () => {
  const now = new Date(1_700_000_000_000);

  it("accepts when any entry of a space-separated signature list matches, whatever the message id", () => {
    fc.assert(
      fc.property(whsecSecrets, whsecSecrets, messageIds, jsonBodies, (secret, other, id, body) => {
        const list = `${new Webhook(other).sign(id, now, body)} v1a,ZWQyNTUxOQ== ${new Webhook(secret).sign(id, now, body)}`;
        expect(verifyDelivery(request(id, seconds(now), body, list), { preset: "standard-webhooks" }, [secret], { now: () => now })).toEqual({ ok: true });
      }),
      { numRuns: 50 },
    );
  });

  it("binds the message id: a signature moved to another id is rejected", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const body = '{"type":"invoice.paid"}';
    const signature = new Webhook(secret).sign("msg_a", now, body);
    const verdict = verifyDelivery(request("msg_b", seconds(now), body, signature), { preset: "standard-webhooks" }, [secret], { now: () => now });
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringContaining("does not match any configured secret") });
  });

  it("says so when the configured secret is not a whsec_ secret at all", () => {
    const verdict = verifyDelivery(request("msg_a", seconds(now), "{}", "v1,abc="), { preset: "standard-webhooks" }, ["not base64 !"], { now: () => now });
    expect(verdict).toEqual({ ok: false, reason: "configured secret is not a valid signing secret (expected whsec_ followed by base64)" });
  });

  it("honours a configured tolerance", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const delivery = request("msg_a", seconds(now), "{}", new Webhook(secret).sign("msg_a", now, "{}"));
    const later = new Date(now.getTime() + 120_000);
    expect(verifyDelivery(delivery, { preset: "standard-webhooks", tolerance: 60 }, [secret], { now: () => later })).toMatchObject({ ok: false });
    expect(verifyDelivery(delivery, { preset: "standard-webhooks", tolerance: 600 }, [secret], { now: () => later })).toEqual({ ok: true });
  });
});
