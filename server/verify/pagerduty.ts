import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type NoOptions } from "./preset";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * PagerDuty v3 webhooks: X-PagerDuty-Signature is a comma-separated list of `v1=<hex>`, one
 * HMAC-SHA256 of the raw body per active signing secret of the subscription, so during a secret
 * rotation any entry may be the one made with the secret we hold.
 */
const SIGNATURE_HEADER = "x-pagerduty-signature";

export function signPagerdutyPayload(secrets: readonly string[], body: Buffer): string {
  return secrets.map((secret) => `v1=${hmacDigest("sha256", secret, [body]).toString("hex")}`).join(",");
}

export const pagerdutyVerifier: WebhookVerifier<NoOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, _config, secrets) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-PagerDuty-Signature");
    // Unknown versions are skipped rather than rejected so a future v2 beside v1 keeps working.
    const presented = header
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry.startsWith("v1="))
      .map((entry) => decodeSignature(entry.slice(3), "hex"))
      .filter((signature): signature is Buffer => signature?.length === 32);
    if (presented.length === 0) {
      return reject("X-PagerDuty-Signature header is malformed (expected v1=<64 hex characters>, comma-separated)");
    }
    const genuine = anySecretSigns(keys, presented, (secret) => hmacDigest("sha256", secret, [request.rawBody]));
    return genuine ? accept() : reject(SIGNATURE_MISMATCH);
  },
};

/** `preset: pagerduty` in a manifest: the scheme above; a redelivery is recognised by its x-webhook-id header. */
export const pagerdutyPreset = defineVerifyPreset({
  name: "pagerduty",
  timestamped: false,
  verifier: pagerdutyVerifier,
  dedupe: { header: "x-webhook-id" },
});
