import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type TimestampedOptions } from "./preset";
import { outsideTolerance } from "./timestamp";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * Zendesk webhooks: base64 HMAC-SHA256 of `<timestamp><raw body>` (no separator), where the
 * timestamp is the ISO-8601 text of X-Zendesk-Webhook-Signature-Timestamp, signed as sent.
 */
const SIGNATURE_HEADER = "x-zendesk-webhook-signature";
const TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp";
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$/;

export function signZendeskPayload(secret: string, body: Buffer, timestamp: string): string {
  return hmacDigest("sha256", secret, [timestamp, body]).toString("base64");
}

export const zendeskVerifier: WebhookVerifier<TimestampedOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, config, secrets, ctx) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Zendesk-Webhook-Signature");
    const timestamp = request.headers[TIMESTAMP_HEADER];
    if (timestamp === undefined) return missingHeader("X-Zendesk-Webhook-Signature-Timestamp");
    const signedAt = ISO_8601.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
    if (Number.isNaN(signedAt)) {
      return reject("X-Zendesk-Webhook-Signature-Timestamp header is malformed (expected an ISO-8601 time)");
    }
    const presented = decodeSignature(header, "base64");
    if (presented === null || presented.length !== 32) {
      return reject("X-Zendesk-Webhook-Signature header is malformed (expected base64 of a 32-byte HMAC-SHA256)");
    }
    const genuine = anySecretSigns(keys, [presented], (secret) => hmacDigest("sha256", secret, [timestamp, request.rawBody]));
    if (!genuine) return reject(SIGNATURE_MISMATCH);
    const stale = outsideTolerance(Math.floor(signedAt / 1000), ctx.now(), config.tolerance);
    return stale ? reject(stale) : accept();
  },
};

/** `preset: zendesk` in a manifest: the scheme above; a redelivery is recognised by its x-zendesk-webhook-invocation-id header. */
export const zendeskPreset = defineVerifyPreset({
  name: "zendesk",
  timestamped: true,
  verifier: zendeskVerifier,
  dedupe: { header: "x-zendesk-webhook-invocation-id" },
});
