import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { EventWebhook } from "@sendgrid/eventwebhook";
import fc from "fast-check";
import { describePresetContract, jsonBodies } from "./testing/preset-contract";
import { signSendgridPayload } from "./sendgrid";
import type { WebhookRequest } from "./verifier";

/**
 * SendGrid signs with a private key it keeps; its SDK only verifies. Key pairs are generated
 * here, the "provider" signs with OpenSSL's streaming signer (not our signer), and the SDK's
 * EventWebhook.verifySignature is the oracle for both.
 */
type KeyPair = { privateKey: KeyObject; publicKeyBase64: string };

const keyPool: KeyPair[] = Array.from({ length: 6 }, () => {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  return { privateKey, publicKeyBase64: publicKey.export({ format: "der", type: "spki" }).toString("base64") };
});

const request = (body: string, timestamp: string, signature: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: {
    "content-type": "application/json",
    "x-twilio-email-event-webhook-signature": signature,
    "x-twilio-email-event-webhook-timestamp": timestamp,
  },
  rawBody: Buffer.from(body),
});

function providerSignature(privateKey: KeyObject, timestamp: string, body: string): string {
  return createSign("SHA256")
    .update(timestamp + body)
    .sign(privateKey, "base64");
}

const eventWebhook = new EventWebhook();
/** The SDK wants PEM; SendGrid's dashboard shows the same key as bare base64 DER. */
const toPem = (base64: string) => `-----BEGIN PUBLIC KEY-----\n${base64.match(/.{1,64}/g)!.join("\n")}\n-----END PUBLIC KEY-----`;

describePresetContract<KeyPair>({
  preset: "sendgrid",
  keys: fc.constantFrom(...keyPool),
  configured: (pair) => pair.publicKeyBase64,
  bodies: jsonBodies.map((json) => `[${json}]\r\n`),
  tolerance: 300,
  providerSigns: (pair, body, signedAt) => {
    const timestamp = String(signedAt.getTime() / 1000);
    return request(body, timestamp, providerSignature(pair.privateKey, timestamp, body));
  },
  weSign: (pair, body, signedAt) => {
    const timestamp = String(signedAt.getTime() / 1000);
    return request(body, timestamp, signSendgridPayload(pair.privateKey, Buffer.from(body), timestamp));
  },
  providerAccepts: (pair, delivery) =>
    eventWebhook.verifySignature(
      eventWebhook.convertPublicKeyToECDSA(toPem(pair.publicKeyBase64)),
      delivery.rawBody,
      delivery.headers["x-twilio-email-event-webhook-signature"],
      delivery.headers["x-twilio-email-event-webhook-timestamp"],
    ),
  requiredHeaders: ["X-Twilio-Email-Event-Webhook-Signature", "X-Twilio-Email-Event-Webhook-Timestamp"],
  malformed: {
    "X-Twilio-Email-Event-Webhook-Signature": ["", "not base64!"],
    "X-Twilio-Email-Event-Webhook-Timestamp": ["", "now", "1700000000.25"],
  },
});
