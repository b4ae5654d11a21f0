import { anySecretSigns, decodeSignature, equalBytes, hmacDigest, sha256, SIGNATURE_MISMATCH } from "./crypto";
import { defineVerifyPreset, type NoOptions } from "./preset";
import { accept, missingHeader, NO_SECRET_CONFIGURED, reject, usableSecrets, type WebhookVerifier } from "./verifier";

/**
 * X-Twilio-Signature is base64 HMAC-SHA1 (key: the account auth token) over the full URL followed,
 * for form posts, by every parameter name and value sorted by name. Form parameters are decoded
 * because that is what Twilio signs: the signature covers meaning, not the body's bytes. JSON
 * posts instead carry `bodySHA256=<hex>` in the URL, which must equal the SHA-256 of the raw body.
 * Status callbacks configured to use GET carry their parameters in the URL, so the signature over
 * the URL alone covers them; such a request has no body.
 */
const SIGNATURE_HEADER = "x-twilio-signature";
const FORM_CONTENT_TYPE = "application/x-www-form-urlencoded";

/** Name + value for each parameter, names sorted, a repeated name's distinct values sorted (as Twilio's SDK does). */
function formParameterString(body: Buffer): string {
  const values = new Map<string, Set<string>>();
  for (const [name, value] of new URLSearchParams(body.toString("utf8"))) {
    values.set(name, (values.get(name) ?? new Set()).add(value));
  }
  return [...values.keys()]
    .sort()
    .map((name) =>
      [...values.get(name)!]
        .sort()
        .map((value) => name + value)
        .join(""),
    )
    .join("");
}

function isForm(contentType: string | undefined): boolean {
  return (contentType ?? "").split(";")[0].trim().toLowerCase() === FORM_CONTENT_TYPE;
}

/** What Twilio signs for this request: the URL, plus the sorted form parameters for form posts. */
function signedText(url: string, contentType: string | undefined, body: Buffer, method = "POST"): string {
  return method !== "GET" && isForm(contentType) && !hasBodyHash(url) ? url + formParameterString(body) : url;
}

function hasBodyHash(url: string): boolean {
  return URL.canParse(url) && new URL(url).searchParams.has("bodySHA256");
}

/**
 * Twilio may have signed the URL with or without the scheme's default port (":443"/":80"),
 * depending on how the webhook was configured, so both spellings are tried, as Twilio's SDK does.
 */
function urlSpellings(url: string): string[] {
  const match = /^(https?:\/\/)([^/?#]*)(.*)$/i.exec(url);
  if (!match) return [url];
  const [, scheme, authority, rest] = match;
  const defaultPort = scheme.toLowerCase() === "https://" ? ":443" : ":80";
  const withoutPort = authority.endsWith(defaultPort) ? authority.slice(0, -defaultPort.length) : authority;
  const hasOtherPort = /:\d+$/.test(withoutPort);
  const spellings = [url, scheme + withoutPort + rest];
  if (!hasOtherPort) spellings.push(scheme + withoutPort + defaultPort + rest);
  return [...new Set(spellings)];
}

export function signTwilioRequest(authToken: string, url: string, contentType: string | undefined, body: Buffer, method = "POST"): string {
  return hmacDigest("sha1", authToken, [signedText(url, contentType, body, method)]).toString("base64");
}

export const twilioVerifier: WebhookVerifier<NoOptions> = {
  secretHeaders: () => [SIGNATURE_HEADER],
  verify(request, _config, secrets) {
    const keys = usableSecrets(secrets);
    if (keys.length === 0) return reject(NO_SECRET_CONFIGURED);
    const header = request.headers[SIGNATURE_HEADER];
    if (header === undefined) return missingHeader("X-Twilio-Signature");
    const presented = decodeSignature(header, "base64");
    if (presented === null || presented.length !== 20) {
      return reject("X-Twilio-Signature header is malformed (expected base64 of a 20-byte HMAC-SHA1)");
    }
    const contentType = request.headers["content-type"];
    const isGet = request.method === "GET";
    if (isGet && request.rawBody.length > 0) return reject("a Twilio GET callback carries its parameters in the URL and has no body");
    const bodyHashMode = !isGet && hasBodyHash(request.url);
    if (!isGet && !bodyHashMode && !isForm(contentType)) {
      return reject("a non-form Twilio delivery must carry bodySHA256 in its URL; check the configured endpoint URL");
    }
    const genuine = urlSpellings(request.url).some((url) =>
      anySecretSigns(keys, [presented], (secret) => hmacDigest("sha1", secret, [signedText(url, contentType, request.rawBody, request.method)])),
    );
    if (!genuine) {
      return reject(`${SIGNATURE_MISMATCH}; Twilio also signs the URL, so check it matches the one configured in Twilio`);
    }
    if (bodyHashMode) {
      // The URL (and so bodySHA256) is covered by the signature; the body is bound through this hash.
      const claimed = decodeSignature(new URL(request.url).searchParams.get("bodySHA256") ?? "", "hex");
      if (claimed === null || !equalBytes(claimed, sha256(request.rawBody))) {
        return reject("body does not match the bodySHA256 in the signed URL (the body was changed after signing)");
      }
    }
    return accept();
  },
};

/** `preset: twilio` in a manifest: status callbacks can be configured to arrive by GET, their parameters in the signed URL; a redelivery is recognised by its i-twilio-idempotency-token header. */
export const twilioPreset = defineVerifyPreset({
  name: "twilio",
  timestamped: false,
  verifier: twilioVerifier,
  dedupe: { header: "i-twilio-idempotency-token" },
  deliversByGet: true,
});
