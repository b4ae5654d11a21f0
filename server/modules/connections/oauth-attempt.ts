/**
 * One connect attempt, carried without server-side rows: the wizard's start link holds it sealed
 * (iron-session), and /api/oauth/start moves it, with the state and PKCE verifier it generates,
 * into an HttpOnly cookie on the popup that only /api/oauth/callback receives. The state that
 * travels through the provider is a bare random value: the verifier never leaves our origin.
 */
import { createHash, hkdfSync } from "node:crypto";
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { encryptionKey } from "@/server/crypto/keyring";
import { randomToken } from "@/server/crypto/tokens";

/** State and verifier live this long (RFC 6749 suggests codes live 10 minutes too). */
export const ATTEMPT_TTL_MS = 10 * 60_000;

export const attemptSchema = z.object({
  /** Random; makes the start link single-use. */
  id: z.string().min(16),
  organizationId: z.string(),
  customerId: z.string(),
  instanceId: z.string().nullable(),
  /** Set when reconnecting a particular connection in place. */
  connectionId: z.string().nullable(),
  /** The manifest's connection key (`github`). */
  key: z.string(),
  connector: z.string(),
  expiresAt: z.number(),
});

export type OAuthAttempt = z.infer<typeof attemptSchema>;

const callbackCookieSchema = z.object({ attempt: attemptSchema, state: z.string().min(32), codeVerifier: z.string().min(43) });

export type CallbackCookie = z.infer<typeof callbackCookieSchema>;

/**
 * A separate iron-session password per purpose, derived from the encryption key, so a start link
 * can never be presented as a callback cookie (or as an embed session) and vice versa.
 */
function passwordFor(purpose: "start-link" | "callback-cookie"): string {
  return Buffer.from(hkdfSync("sha256", encryptionKey(), "switchyard-oauth", purpose, 32)).toString("hex");
}

function ttlSeconds(expiresAt: number): number {
  return Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000));
}

async function unseal<T>(sealed: string, purpose: "start-link" | "callback-cookie", schema: z.ZodType<T>, expiresAt: (value: T) => number): Promise<T | null> {
  try {
    const parsed = schema.safeParse(await unsealData<unknown>(sealed, { password: passwordFor(purpose) }));
    return parsed.success && expiresAt(parsed.data) > Date.now() ? parsed.data : null;
  } catch {
    return null;
  }
}

export function newAttempt(fields: Omit<OAuthAttempt, "id" | "expiresAt">): OAuthAttempt {
  return { ...fields, id: randomToken(24), expiresAt: Date.now() + ATTEMPT_TTL_MS };
}

export function sealAttempt(attempt: OAuthAttempt): Promise<string> {
  return sealData(attempt, { password: passwordFor("start-link"), ttl: ttlSeconds(attempt.expiresAt) });
}

/** Null for anything tampered with, sealed by someone else, or expired. */
export function openAttempt(sealed: string): Promise<OAuthAttempt | null> {
  return unseal(sealed, "start-link", attemptSchema, (attempt) => attempt.expiresAt);
}

export function sealCallbackCookie(cookie: CallbackCookie): Promise<string> {
  return sealData(cookie, { password: passwordFor("callback-cookie"), ttl: ttlSeconds(cookie.attempt.expiresAt) });
}

export function openCallbackCookie(sealed: string): Promise<CallbackCookie | null> {
  return unseal(sealed, "callback-cookie", callbackCookieSchema, (cookie) => cookie.attempt.expiresAt);
}

/** One cookie per attempt, named after its state, so two popups at once do not overwrite each other. */
export function callbackCookieName(state: string): string {
  return `sy_oauth_${state.slice(0, 16)}`;
}

export function newPkce(): { codeVerifier: string; codeChallenge: string } {
  // 32 random bytes give a 43-character verifier, the minimum RFC 7636 allows, with 256 bits of entropy.
  const codeVerifier = randomToken(32);
  return { codeVerifier, codeChallenge: createHash("sha256").update(codeVerifier).digest("base64url") };
}
