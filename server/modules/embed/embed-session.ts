/**
 * The embedded marketplace's session: after the vendor's JWT is checked, its facts are sealed
 * (iron-session) into an opaque token the iframe keeps in memory and sends as a bearer header.
 * No cookie is involved, so third-party cookie blocking does not matter.
 *
 * A session lives until the token's `exp`, and never longer than EMBED_SESSION_MAX_SECONDS. Every
 * request made with one also asks the database whether the embed key that signed the token is
 * still active and the customer still exists (`embedSessionIsLive`, one indexed query), so
 * revoking a key ends its sessions with the next request.
 */
import { sealData, unsealData } from "iron-session";
import { z } from "zod";
import { embedSessionIsLive } from "./embed-keys.repo";

/** The longest an embed session lasts, whatever the token's `exp` (as long as a console session). */
export const EMBED_SESSION_MAX_SECONDS = 12 * 60 * 60;

export const embedSessionSchema = z.object({
  organizationId: z.string(),
  customerId: z.string(),
  customerExternalId: z.string(),
  userId: z.string(),
  /** The embed key that signed the vendor's token. */
  embedKeyId: z.string(),
  expiresAt: z.number(),
});

export type EmbedSession = z.infer<typeof embedSessionSchema>;

export const EMBED_TOKEN_PREFIX = "Fe26.2*";

/** When a session exchanged now for a token expiring at `tokenExpiresAt` (ms) ends. */
export function sessionExpiry(tokenExpiresAt: number, now = Date.now()): number {
  return Math.min(tokenExpiresAt, now + EMBED_SESSION_MAX_SECONDS * 1000);
}

export function sealEmbedSession(session: EmbedSession, secret: string): Promise<string> {
  const ttl = Math.max(60, Math.floor((session.expiresAt - Date.now()) / 1000));
  return sealData(session, { password: secret, ttl });
}

/** Returns null for anything that is not a valid, unexpired session we sealed. */
export async function unsealEmbedSession(token: string, secret: string): Promise<EmbedSession | null> {
  try {
    const data = await unsealData<unknown>(token, { password: secret });
    const parsed = embedSessionSchema.safeParse(data);
    if (!parsed.success || parsed.data.expiresAt <= Date.now()) return null;
    return parsed.data;
  } catch {
    return null;
  }
}

/** The session a bearer token carries, if it is ours, unexpired, and its key and customer still stand. */
export async function liveEmbedSession(token: string, secret: string): Promise<EmbedSession | null> {
  const session = await unsealEmbedSession(token, secret);
  if (!session) return null;
  return (await embedSessionIsLive(session)) ? session : null;
}
