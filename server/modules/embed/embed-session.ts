/**
 * The embedded marketplace's session: after the vendor's JWT is checked, its facts are sealed
 * (iron-session) into an opaque token the iframe keeps in memory and sends as a bearer header.
 * No cookie is involved, so third-party cookie blocking does not matter.
 */
import { sealData, unsealData } from "iron-session";
import { z } from "zod";

export const embedSessionSchema = z.object({
  organizationId: z.string(),
  customerId: z.string(),
  customerExternalId: z.string(),
  userId: z.string(),
  expiresAt: z.number(),
});

export type EmbedSession = z.infer<typeof embedSessionSchema>;

export const EMBED_TOKEN_PREFIX = "Fe26.2*";

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
