import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type TimestampedOptions } from "./preset";
import { outsideTolerance, parseUnixSeconds } from "./timestamp";
import {
  accept,
  missingHeader,
  NO_SECRET_CONFIGURED,
  reject,
  usableSecrets,
  type ChallengeResponse,
  type WebhookRequest,
  type WebhookVerifier,
} from "./verifier";

/** Slack signs `v0:<X-Slack-Request-Timestamp>:<raw body>` with the app's signing secret. */
const SIGNATURE_HEADER = "x-slack-signature";
const TIMESTAMP_HEADER = "x-slack-request-timestamp";
const PREFIX = "v0=";

export function signSlackRequest(secret: string, body: Buffer, timestampSeconds: number): string {
  return PREFIX + hmacDigest("sha256", secret, [`v0:${timestampSeconds}:`, body]).toString("hex");
}

/**
 * Slack's Events API proves URL ownership with `{"type":"url_verification","challenge":"…"}`.
 * It is signed like every event, so it is only looked at after the signature verified; the body
 * is parsed here only for that reason, never before.
 */
function urlVerificationAnswer(request: WebhookRequest): ChallengeResponse | undefined {
  if (!(request.headers["content-type"] ?? "").includes("json")) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString("utf8"));
  } catch {
    return undefined;
  }
  if (typeof body !== "object" || body === null) return undefined;
  const { type, challenge } = body as { type?: unknown; challenge?: unknown };
  if (type !== "url_verification" || typeof challenge !== "string") return undefined;
  return { status: 200, contentType: "text/plain; charset=utf-8", body: challenge };
}

export const slackVerifier: WebhookVerifier<TimestampedOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, config, secrets, ctx) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Slack-Signature");
    const timestampHeader = request.headers[TIMESTAMP_HEADER];
    if (timestampHeader === undefined) return missingHeader("X-Slack-Request-Timestamp");
    const timestamp = parseUnixSeconds(timestampHeader);
    if (timestamp === null) return reject("X-Slack-Request-Timestamp header is malformed (expected Unix seconds)");
    const presented = header.startsWith(PREFIX) ? decodeSignature(header.slice(PREFIX.length), "hex") : null;
    if (presented === null || presented.length !== 32) {
      return reject("X-Slack-Signature header is malformed (expected v0=<64 hex characters>)");
    }
    const genuine = anySecretSigns(keys, [presented], (secret) => hmacDigest("sha256", secret, [`v0:${timestamp}:`, request.rawBody]));
    if (!genuine) return reject(SIGNATURE_MISMATCH);
    const stale = outsideTolerance(timestamp, ctx.now(), config.tolerance);
    if (stale) return reject(stale);
    return accept(urlVerificationAnswer(request));
  },
};

/** `preset: slack` in a manifest: the scheme above; a redelivery is recognised by $.event_id in the body. */
export const slackPreset = defineVerifyPreset({
  name: "slack",
  timestamped: true,
  verifier: slackVerifier,
  dedupe: { path: "$.event_id" },
});
