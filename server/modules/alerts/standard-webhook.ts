/**
 * Signing alert webhooks the Standard Webhooks way (standardwebhooks.com): the headers
 * `webhook-id`, `webhook-timestamp` (Unix seconds) and `webhook-signature: v1,<base64>`, where the
 * signature is HMAC-SHA256 over `<id>.<timestamp>.<body>` keyed with the base64 bytes after the
 * secret's `whsec_` prefix. Receivers verify it with any Standard Webhooks library (or Svix's).
 */
import { createHmac, randomBytes } from "node:crypto";

const SECRET_PREFIX = "whsec_";

/** A new signing secret: `whsec_` and 32 random bytes in base64. */
export function generateWebhookSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString("base64")}`;
}

export function signStandardWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("a Standard Webhooks secret starts with whsec_");
  const key = Buffer.from(secret.slice(SECRET_PREFIX.length), "base64");
  const signature = createHmac("sha256", key).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${signature}`;
}

/** The headers of one delivery attempt: the id stays the same across retries, the timestamp is the attempt's. */
export function standardWebhookHeaders(secret: string, id: string, body: string, now: Date = new Date()): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": signStandardWebhook(secret, id, timestamp, body),
  };
}
