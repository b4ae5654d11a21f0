import { anySecretSigns, decodeSignature, hmacDigest, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type NoOptions } from "./preset";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/** GitHub signs the raw body with HMAC-SHA256 and sends `sha256=<hex>`; the SHA-1 header is legacy and ignored. */
const SIGNATURE_HEADER = "x-hub-signature-256";
const PREFIX = "sha256=";

export function signGithubPayload(secret: string, body: Buffer): string {
  return PREFIX + hmacDigest("sha256", secret, [body]).toString("hex");
}

export const githubVerifier: WebhookVerifier<NoOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER, "x-hub-signature"],
  verify(request, _config, secrets) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Hub-Signature-256");
    const presented = header.startsWith(PREFIX) ? decodeSignature(header.slice(PREFIX.length), "hex") : null;
    if (presented === null || presented.length !== 32) {
      return reject("X-Hub-Signature-256 header is malformed (expected sha256=<64 hex characters>)");
    }
    const genuine = anySecretSigns(keys, [presented], (secret) => hmacDigest("sha256", secret, [request.rawBody]));
    return genuine ? accept() : reject(SIGNATURE_MISMATCH);
  },
};

/** `preset: github` in a manifest: the scheme above; a redelivery is recognised by its x-github-delivery header. */
export const githubPreset = defineVerifyPreset({
  name: "github",
  timestamped: false,
  verifier: githubVerifier,
  dedupe: { header: "x-github-delivery" },
});
