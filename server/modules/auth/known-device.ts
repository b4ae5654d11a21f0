/**
 * A browser that signed in to an account carries a device token for it: the time it was issued
 * and an HMAC of that and the user id under SESSION_SECRET, in an HttpOnly cookie sent only to the
 * sign-in endpoint. It proves nothing alone (the password is still checked); it lets the sign-in
 * limiter tell the member's own browser from a stranger's (sign-in.service.ts). Rotating
 * SESSION_SECRET forgets every device.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const DEVICE_TOKEN_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;
/** The sign-in form posts to /api/auth/callback/credentials; no other request needs the cookie. */
export const DEVICE_COOKIE_PATH = "/api/auth/callback";

const mac = (secret: string, text: string) => createHmac("sha256", secret).update(text).digest("base64url");

/** One cookie per account a browser signed in to; its name does not reveal the user id. */
export function deviceCookieName(userId: string, secret: string): string {
  return `switchyard-device-${mac(secret, `device-cookie:${userId}`).slice(0, 16)}`;
}

export function issueDeviceToken(userId: string, secret: string, now = Date.now()): string {
  const issuedAt = Math.floor(now / 1000);
  return `${issuedAt}.${mac(secret, `device:${userId}:${issuedAt}`)}`;
}

export function isDeviceToken(value: string | undefined, userId: string, secret: string, now = Date.now()): boolean {
  const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value ?? "");
  if (!match) return false;
  const issuedAt = Number(match[1]);
  const age = now / 1000 - issuedAt;
  if (age > DEVICE_TOKEN_MAX_AGE_SECONDS || age < -60) return false;
  const expected = Buffer.from(mac(secret, `device:${userId}:${issuedAt}`));
  const given = Buffer.from(match[2]!);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
