/**
 * Verifies the JWT a vendor's backend signs for its user (claims in embed-sdk/README.md). Every
 * refusal is an `UNAUTHORIZED` AppError that says what is wrong with the token, never what a
 * valid one would need beyond the documented claims.
 */
import { createPublicKey, type KeyObject } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from "jose";
import { openJson } from "@/server/crypto/keyring";
import { AppError } from "@/server/errors";

export const MAX_TOKEN_LIFETIME_SECONDS = 24 * 60 * 60;
/** How far the vendor's clock may be off ours: `iat`, `nbf` and `exp` are judged with this leeway. */
export const CLOCK_SKEW_SECONDS = 30;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface EmbedClaims {
  organizationId: string;
  /** The embed key that signed the token; its sessions end when it is revoked. */
  embedKeyId: string;
  userId: string;
  customerExternalId: string;
  customerName?: string;
  expiresAt: number;
  /** The token's `scope` includes `mcp`: it may also be handed to an agent for the MCP server. */
  mcp: boolean;
}

export interface StoredEmbedKey {
  id: string;
  algorithm: "RS256" | "HS256";
  publicKeyPem: string | null;
  secretEncrypted: string | null;
}

export type FindEmbedKey = (organizationId: string, kid: string) => Promise<StoredEmbedKey | null>;

function refuse(message: string): never {
  throw new AppError("UNAUTHORIZED", message);
}

function verificationKey(key: StoredEmbedKey): KeyObject | Uint8Array {
  if (key.algorithm === "RS256" && key.publicKeyPem) return createPublicKey(key.publicKeyPem);
  if (key.algorithm === "HS256" && key.secretEncrypted) return new TextEncoder().encode(openJson<string>(key.secretEncrypted));
  return refuse("The embed key named by the token's kid cannot verify tokens.");
}

function readUnverified(token: string): { alg: unknown; kid: unknown; iss: unknown } {
  try {
    const header = decodeProtectedHeader(token);
    return { alg: header.alg, kid: header.kid, iss: decodeJwt(token).iss };
  } catch {
    return refuse("The token is not a JWT.");
  }
}

function explain(error: unknown): never {
  if (error instanceof AppError) throw error;
  if (error instanceof joseErrors.JWTExpired) refuse("The token has expired.");
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) refuse("The token's signature does not verify with the embed key it names.");
  if (error instanceof joseErrors.JWTClaimValidationFailed) refuse(`The token's "${error.claim}" claim is missing or invalid.`);
  if (error instanceof joseErrors.JOSEAlgNotAllowed) refuse("The token's alg does not match its embed key.");
  return refuse("The token could not be verified.");
}

/** OAuth's `scope` claim: a space-separated string (RFC 8693), or a list. */
function scopesOf(payload: JWTPayload): string[] {
  const scope = payload.scope;
  if (typeof scope === "string") return scope.split(" ").filter(Boolean);
  return Array.isArray(scope) ? scope.filter((s): s is string => typeof s === "string") : [];
}

function requireString(payload: JWTPayload, claim: string): string {
  const value = payload[claim];
  if (typeof value !== "string" || value.trim() === "") refuse(`The token's "${claim}" claim is missing.`);
  return value;
}

/**
 * jose checks that `exp` has not passed and `nbf` has come; these bound the rest, so a token cannot
 * be minted today for use years from now (a far-future `iat` with a one-hour `exp − iat`): with
 * `iat` no later than now and at most 24 hours between `iat` and `exp`, `exp` is within a day of now.
 */
function checkLifetime(iat: number, exp: number, now: number): void {
  if (iat > now + CLOCK_SKEW_SECONDS) refuse("The token's \"iat\" is in the future; sign it with the current time (is your server's clock right?).");
  if (iat > exp) refuse('The token\'s "iat" is after its "exp".');
  if (exp - iat > MAX_TOKEN_LIFETIME_SECONDS) refuse("The token lives longer than 24 hours; keep exp within a day of iat.");
}

/**
 * The organization a token says it comes from, before anything is verified: only for reading that
 * organization beside the key lookup. Trust it once verifyEmbedToken has returned the same `iss`.
 */
export function unverifiedIssuer(token: string): string | null {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === "string" && UUID.test(iss) ? iss : null;
  } catch {
    return null;
  }
}

export async function verifyEmbedToken(token: string, findKey: FindEmbedKey, now: Date = new Date()): Promise<EmbedClaims> {
  const { alg, kid, iss } = readUnverified(token);
  if (alg !== "RS256" && alg !== "HS256") refuse(`Tokens must be signed with RS256 or HS256${typeof alg === "string" ? `, not ${alg}` : ""}.`);
  if (typeof kid !== "string" || kid === "") refuse('The token header has no "kid".');
  if (typeof iss !== "string" || !UUID.test(iss)) refuse('The token\'s "iss" must be your organization id.');
  const key = await findKey(iss, kid);
  if (!key) refuse("The token names an embed key that does not exist or was revoked.");
  if (key.algorithm !== alg) refuse("The token's alg does not match its embed key.");

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, verificationKey(key), {
      algorithms: [key.algorithm],
      issuer: iss,
      requiredClaims: ["exp", "iat", "sub"],
      currentDate: now,
      clockTolerance: CLOCK_SKEW_SECONDS,
    }));
  } catch (error) {
    explain(error);
  }
  checkLifetime(payload.iat ?? 0, payload.exp ?? 0, Math.floor(now.getTime() / 1000));
  const customerName = payload.customerName;
  return {
    organizationId: iss,
    embedKeyId: key.id,
    userId: requireString(payload, "sub"),
    customerExternalId: requireString(payload, "customer"),
    ...(typeof customerName === "string" && customerName.trim() ? { customerName: customerName.trim() } : {}),
    expiresAt: (payload.exp ?? 0) * 1000,
    mcp: scopesOf(payload).includes("mcp"),
  };
}
