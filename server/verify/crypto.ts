import { createHash, createHmac, timingSafeEqual } from "node:crypto";

export type HmacAlgorithm = "sha1" | "sha256" | "sha512";
export type SignatureEncoding = "hex" | "base64";

/** HMAC over the concatenation of parts; strings are UTF-8, buffers are taken byte for byte. */
export function hmacDigest(algorithm: HmacAlgorithm, key: string | Buffer, parts: ReadonlyArray<string | Buffer>): Buffer {
  const hmac = createHmac(algorithm, key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}

export function sha256(data: string | Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

/**
 * Constant-time equality for values whose length is public (digests of a known algorithm).
 * `timingSafeEqual` throws on a length mismatch, so that is checked first; returning early there
 * leaks only the length, which the algorithm already fixes.
 */
export function equalBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Constant-time equality for shared tokens and passwords, whose length is itself secret: both
 * sides are hashed first so the comparison always runs over 32 bytes.
 */
export function equalSecrets(presented: string, expected: string): boolean {
  return timingSafeEqual(sha256(presented), sha256(expected));
}

const HEX = /^(?:[0-9a-f]{2})+$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/**
 * Decodes a presented signature, or null when it is not well-formed. Node's decoders silently
 * skip invalid characters, which would let "abc!!" compare as "abc", so the text is checked first.
 * Comparing decoded bytes also makes upper- and lower-case hex equal, as providers differ there.
 */
export function decodeSignature(text: string, encoding: SignatureEncoding): Buffer | null {
  const value = text.trim();
  if (value.length === 0) return null;
  if (encoding === "hex") return HEX.test(value) ? Buffer.from(value, "hex") : null;
  return BASE64.test(value) ? Buffer.from(value, "base64") : null;
}

/**
 * Rotation: a delivery is genuine when any configured secret produces any of the presented
 * signatures. Every pair is compared in constant time; stopping at the first match only reveals
 * that some secret matched, which the response reveals anyway.
 */
export function anySecretSigns(secrets: readonly string[], presented: readonly Buffer[], sign: (secret: string) => Buffer): boolean {
  for (const secret of secrets) {
    const expected = sign(secret);
    if (presented.some((candidate) => equalBytes(candidate, expected))) return true;
  }
  return false;
}

export const SIGNATURE_MISMATCH = "signature does not match any configured secret (wrong secret, or the body was changed after signing)";
