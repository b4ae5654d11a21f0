import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type TimestampedOptions } from "./preset";
import { outsideTolerance, parseUnixSeconds } from "./timestamp";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * Stripe-Signature: `t=<unix>,v1=<hex>[,v1=<hex>…][,v0=…]`. Stripe sends one v1 per active
 * endpoint secret while a secret is being rolled, so any v1 may match. The signed payload is
 * `<t>.<raw body>` and the key is the whole `whsec_…` string as text.
 */
const SIGNATURE_HEADER = "stripe-signature";

export function signStripePayload(secret: string, body: Buffer, timestampSeconds: number): string {
  const signature = hmacDigest("sha256", secret, [`${timestampSeconds}.`, body]).toString("hex");
  return `t=${timestampSeconds},v1=${signature}`;
}

type ParsedStripeHeader = { timestamp: number; signatures: Buffer[] };

function parseStripeHeader(header: string): ParsedStripeHeader | string {
  let timestamp: number | null = null;
  const signatures: Buffer[] = [];
  for (const item of header.split(",")) {
    const separator = item.indexOf("=");
    if (separator < 0) continue;
    const key = item.slice(0, separator).trim();
    const value = item.slice(separator + 1);
    if (key === "t") timestamp = parseUnixSeconds(value);
    if (key === "v1") {
      const decoded = decodeSignature(value, "hex");
      if (decoded?.length === 32) signatures.push(decoded);
    }
  }
  if (timestamp === null) return "Stripe-Signature header is malformed (no t=<unix seconds> element)";
  if (signatures.length === 0) return "Stripe-Signature header is malformed (no v1=<64 hex characters> element)";
  return { timestamp, signatures };
}

export const stripeVerifier: WebhookVerifier<TimestampedOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, config, secrets, ctx) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("Stripe-Signature");
    const parsed = parseStripeHeader(header);
    if (typeof parsed === "string") return reject(parsed);
    const genuine = anySecretSigns(keys, parsed.signatures, (secret) => hmacDigest("sha256", secret, [`${parsed.timestamp}.`, request.rawBody]));
    if (!genuine) return reject(SIGNATURE_MISMATCH);
    // Checked after the signature so a forged timestamp never earns a "stale" message.
    const stale = outsideTolerance(parsed.timestamp, ctx.now(), config.tolerance);
    return stale ? reject(stale) : accept();
  },
};

/** `preset: stripe` in a manifest: the scheme above; a redelivery is recognised by $.id in the body. */
export const stripePreset = defineVerifyPreset({
  name: "stripe",
  timestamped: true,
  verifier: stripeVerifier,
  dedupe: { path: "$.id" },
});
