import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type NoOptions } from "./preset";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/** Shopify: X-Shopify-Hmac-Sha256 is base64 HMAC-SHA256 of the raw body, keyed with the app's client secret. */
const SIGNATURE_HEADER = "x-shopify-hmac-sha256";

export function signShopifyPayload(secret: string, body: Buffer): string {
  return hmacDigest("sha256", secret, [body]).toString("base64");
}

export const shopifyVerifier: WebhookVerifier<NoOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, _config, secrets) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Shopify-Hmac-Sha256");
    const presented = decodeSignature(header, "base64");
    if (presented === null || presented.length !== 32) {
      return reject("X-Shopify-Hmac-Sha256 header is malformed (expected base64 of a 32-byte HMAC-SHA256)");
    }
    const genuine = anySecretSigns(keys, [presented], (secret) => hmacDigest("sha256", secret, [request.rawBody]));
    return genuine ? accept() : reject(SIGNATURE_MISMATCH);
  },
};

/** `preset: shopify` in a manifest: the scheme above; a redelivery is recognised by its x-shopify-webhook-id header. */
export const shopifyPreset = defineVerifyPreset({
  name: "shopify",
  timestamped: false,
  verifier: shopifyVerifier,
  dedupe: { header: "x-shopify-webhook-id" },
});
