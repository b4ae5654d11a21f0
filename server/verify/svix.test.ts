import { Webhook } from "svix";
import { describe, expect, it } from "vitest";
import { describePresetContract, jsonBodies, whsecSecrets } from "./testing/preset-contract";
import { verifyDelivery } from "./registry";
import { signStandardWebhook } from "./standard-webhooks";
import type { WebhookRequest } from "./verifier";

const request = (id: string, timestamp: number, body: string, signature: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json", "svix-id": id, "svix-timestamp": String(timestamp), "svix-signature": signature },
  rawBody: Buffer.from(body),
});

const seconds = (date: Date) => date.getTime() / 1000;

describePresetContract<string>({
  preset: "svix",
  keys: whsecSecrets,
  configured: (secret) => secret,
  bodies: jsonBodies,
  tolerance: 300,
  providerSigns: (secret, body, signedAt) => request("msg_2Lf1", seconds(signedAt), body, new Webhook(secret).sign("msg_2Lf1", signedAt, body)),
  weSign: (secret, body, signedAt) =>
    request("msg_2Lf1", seconds(signedAt), body, signStandardWebhook(secret, "msg_2Lf1", seconds(signedAt), Buffer.from(body))),
  providerAccepts: (secret, delivery) => {
    new Webhook(secret).verify(delivery.rawBody, delivery.headers);
    return true;
  },
  requiredHeaders: ["svix-id", "svix-timestamp", "svix-signature"],
  malformed: { "svix-signature": ["", "v1,***"], "svix-timestamp": ["", "later"] },
});

describe("svix unbranded headers", () => {
  it("falls back to webhook-* headers, as the Svix SDK does", () => {
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const now = new Date(1_700_000_000_000);
    const signature = new Webhook(secret).sign("msg_x", now, "{}");
    const delivery: WebhookRequest = {
      method: "POST",
      url: "https://hooks.example.com/api/hooks/tok",
      headers: { "webhook-id": "msg_x", "webhook-timestamp": String(seconds(now)), "webhook-signature": signature },
      rawBody: Buffer.from("{}"),
    };
    expect(verifyDelivery(delivery, { preset: "svix" }, [secret], { now: () => now })).toEqual({ ok: true });
  });
});
