import { decodeSignature, equalBytes, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type TimestampedOptions } from "./preset";
import { outsideTolerance, parseUnixSeconds } from "./timestamp";
import { accept, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookRequest, type WebhookVerifier } from "./verifier";

/**
 * Standard Webhooks (standardwebhooks.com): base64 HMAC-SHA256 of `<id>.<timestamp>.<raw body>`,
 * keyed with the base64-decoded part of a `whsec_…` secret. The signature header is a
 * space-separated list of `<version>,<base64>`; only `v1` (symmetric) entries are ours to check.
 * Svix is the same scheme under its own header names, so both presets are configurations of this.
 */
export type StandardWebhooksHeaders = {
  /** Display names, in order of preference; the first present one is used. */
  id: readonly string[];
  timestamp: readonly string[];
  signature: readonly string[];
};

export const STANDARD_WEBHOOKS_HEADERS: StandardWebhooksHeaders = {
  id: ["webhook-id"],
  timestamp: ["webhook-timestamp"],
  signature: ["webhook-signature"],
};

const SECRET_PREFIX = "whsec_";

/** The HMAC key; null when the secret is not `whsec_` + base64 (or bare base64). */
export function decodeStandardWebhooksSecret(secret: string): Buffer | null {
  const encoded = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  const key = decodeSignature(encoded, "base64");
  return key && key.length > 0 ? key : null;
}

export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: Buffer): string {
  const key = decodeStandardWebhooksSecret(secret);
  if (!key) throw new Error("secret must be whsec_ followed by base64");
  return `v1,${hmacDigest("sha256", key, [`${id}.${timestampSeconds}.`, body]).toString("base64")}`;
}

function firstHeader(request: WebhookRequest, names: readonly string[]): { name: string; value: string } | null {
  for (const name of names) {
    const value = request.headers[name.toLowerCase()];
    if (value !== undefined) return { name, value };
  }
  return null;
}

export function createStandardWebhooksVerifier(headers: StandardWebhooksHeaders): WebhookVerifier<TimestampedOptions> {
  const missing = (names: readonly string[]) => reject(`missing ${names.join(" or ")} header`);
  return {
    secretHeaders: () => headers.signature.map((name) => name.toLowerCase()),
    verify(request, config, secrets, ctx) {
      const configured = usableSecrets(secrets);
      if (configured.length === 0) return reject(NO_SECRET_CONFIGURED);
      const keys = configured.map(decodeStandardWebhooksSecret).filter((key): key is Buffer => key !== null);
      if (keys.length === 0) return reject("configured secret is not a valid signing secret (expected whsec_ followed by base64)");
      const id = firstHeader(request, headers.id);
      if (!id) return missing(headers.id);
      const timestamp = firstHeader(request, headers.timestamp);
      if (!timestamp) return missing(headers.timestamp);
      const signature = firstHeader(request, headers.signature);
      if (!signature) return missing(headers.signature);
      const signedAt = parseUnixSeconds(timestamp.value);
      if (signedAt === null) return reject(`${timestamp.name} header is malformed (expected Unix seconds)`);
      const presented = signature.value
        .split(" ")
        .filter((entry) => entry.startsWith("v1,"))
        .map((entry) => decodeSignature(entry.slice(3), "base64"))
        .filter((decoded): decoded is Buffer => decoded?.length === 32);
      if (presented.length === 0) {
        return reject(`${signature.name} header is malformed (expected space-separated v1,<base64> entries)`);
      }
      const signed = [`${id.value}.${signedAt}.`, request.rawBody];
      const genuine = keys.some((key) => {
        const expected = hmacDigest("sha256", key, signed);
        return presented.some((candidate) => equalBytes(candidate, expected));
      });
      if (!genuine) return reject(SIGNATURE_MISMATCH);
      const stale = outsideTolerance(signedAt, ctx.now(), config.tolerance);
      return stale ? reject(stale) : accept();
    },
  };
}

export const standardWebhooksVerifier = createStandardWebhooksVerifier(STANDARD_WEBHOOKS_HEADERS);

/** `preset: standard-webhooks` in a manifest: the scheme above; a redelivery is recognised by its webhook-id header. */
export const standardWebhooksPreset = defineVerifyPreset({
  name: "standard-webhooks",
  timestamped: true,
  verifier: standardWebhooksVerifier,
  dedupe: { header: "webhook-id" },
});
