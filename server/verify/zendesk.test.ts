import { createHmac } from "node:crypto";
import { describePresetContract, printableSecrets } from "./testing/preset-contract";
import { signZendeskPayload } from "./zendesk";
import type { WebhookRequest } from "./verifier";

/**
 * Zendesk publishes no Node SDK that verifies webhooks, so the oracle is the algorithm from
 * developer.zendesk.com ("Verifying webhook authenticity"), written out independently here.
 */
function zendeskDocsSignature(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret)
    .update(timestamp + body)
    .digest("base64");
}

const iso = (date: Date) => date.toISOString().replace(".000Z", "Z");

const request = (body: string, timestamp: string, signature: string): WebhookRequest => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: {
    "content-type": "application/json",
    "x-zendesk-webhook-signature": signature,
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-invocation-id": "8350205582",
  },
  rawBody: Buffer.from(body),
});

describePresetContract<string>({
  preset: "zendesk",
  keys: printableSecrets,
  configured: (secret) => secret,
  tolerance: 300,
  providerSigns: (secret, body, signedAt) => request(body, iso(signedAt), zendeskDocsSignature(secret, iso(signedAt), body)),
  weSign: (secret, body, signedAt) => request(body, iso(signedAt), signZendeskPayload(secret, Buffer.from(body), iso(signedAt))),
  providerAccepts: (secret, delivery) => {
    const timestamp = delivery.headers["x-zendesk-webhook-signature-timestamp"];
    return zendeskDocsSignature(secret, timestamp, delivery.rawBody.toString("utf8")) === delivery.headers["x-zendesk-webhook-signature"];
  },
  requiredHeaders: ["X-Zendesk-Webhook-Signature", "X-Zendesk-Webhook-Signature-Timestamp"],
  malformed: {
    "X-Zendesk-Webhook-Signature": ["", "***", Buffer.alloc(20).toString("base64")],
    "X-Zendesk-Webhook-Signature-Timestamp": ["", "1700000000", "yesterday", "2023-13-45T99:99:99Z"],
  },
});
