import { createPublicKey, sign as signWithKey, verify as verifyWithKey, type KeyObject } from "node:crypto";
import { decodeSignature } from "./crypto";
import { defineVerifyPreset, type TimestampedOptions } from "./preset";
import { outsideTolerance, parseUnixSeconds } from "./timestamp";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * SendGrid Event Webhook: ECDSA P-256 / SHA-256 over `<timestamp><raw body>`, DER signature in
 * base64. The configured "secret" is SendGrid's verification key (public, base64 DER SPKI, or
 * PEM), so there is nothing secret to compare in constant time: `crypto.verify` decides.
 */
const SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature";
const TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp";

function parseVerificationKey(text: string): KeyObject | null {
  try {
    const key = text.includes("-----BEGIN") ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text.trim(), "base64"), format: "der", type: "spki" });
    const curve = key.asymmetricKeyDetails?.namedCurve;
    return key.asymmetricKeyType === "ec" && curve === "prime256v1" ? key : null;
  } catch {
    return null;
  }
}

/** For simulators and tests: SendGrid holds the private half of the verification key. */
export function signSendgridPayload(privateKey: KeyObject, body: Buffer, timestamp: string): string {
  return signWithKey("sha256", Buffer.concat([Buffer.from(timestamp), body]), privateKey).toString("base64");
}

export const sendgridVerifier: WebhookVerifier<TimestampedOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, config, secrets, ctx) {
    const configured = usableSecrets(secrets);
    if (configured.length === 0) return reject(NO_SECRET_CONFIGURED);
    const keys = configured.map(parseVerificationKey).filter((key): key is KeyObject => key !== null);
    if (keys.length === 0) {
      return reject("configured verification key is not an ECDSA P-256 public key (expected SendGrid's base64 key)");
    }
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Twilio-Email-Event-Webhook-Signature");
    const timestamp = request.headers[TIMESTAMP_HEADER];
    if (timestamp === undefined) return missingHeader("X-Twilio-Email-Event-Webhook-Timestamp");
    const signedAt = parseUnixSeconds(timestamp);
    if (signedAt === null) {
      return reject("X-Twilio-Email-Event-Webhook-Timestamp header is malformed (expected Unix seconds)");
    }
    const signature = decodeSignature(header, "base64");
    if (signature === null) return reject("X-Twilio-Email-Event-Webhook-Signature header is malformed (expected base64)");
    const signed = Buffer.concat([Buffer.from(timestamp), request.rawBody]);
    const genuine = keys.some((key) => {
      try {
        return verifyWithKey("sha256", signed, key, signature);
      } catch {
        // OpenSSL throws on signatures that are not DER at all; that is a mismatch, not a crash.
        return false;
      }
    });
    if (!genuine) return reject("signature does not verify with any configured verification key (wrong key, or the body was changed after signing)");
    const stale = outsideTolerance(signedAt, ctx.now(), config.tolerance);
    return stale ? reject(stale) : accept();
  },
};

/** `preset: sendgrid` in a manifest: SendGrid posts a batch of events with no delivery id; per-event sg_event_ids live inside the array. */
export const sendgridPreset = defineVerifyPreset({
  name: "sendgrid",
  timestamped: true,
  verifier: sendgridVerifier,
  dedupe: {},
});
