/**
 * Ids that may be used once: OAuth start links and callback states. A claim is a row in
 * `single_use_claim`, so a replay is refused whichever web process it reaches; the row outlives
 * the id's own expiry only until the retention job deletes it. Only a SHA-256 of the id is stored.
 */
import { createHash } from "node:crypto";
import { db } from "@/server/db/client";

export type SingleUseScope = "oauth-start" | "oauth-callback";

const hashOf = (id: string) => createHash("sha256").update(id).digest("hex");

/**
 * True the first time `id` is claimed in `scope`, false while an earlier claim stands (until
 * `expiresAt`, ms since the epoch, of that claim has passed: then the id is free again).
 */
export async function claimOnce(scope: SingleUseScope, id: string, expiresAt: number): Promise<boolean> {
  const rows = await db().$queryRaw<{ claimed: boolean }[]>`
    INSERT INTO single_use_claim (scope, id_hash, expires_at) VALUES (${scope}, ${hashOf(id)}, ${new Date(expiresAt)})
    ON CONFLICT (scope, id_hash) DO UPDATE SET expires_at = EXCLUDED.expires_at WHERE single_use_claim.expires_at <= now()
    RETURNING true AS claimed`;
  return rows.length === 1;
}

/** Deletes up to `limit` claims whose ids have expired (the retention job). */
export function deleteExpiredClaims(now: Date, limit: number): Promise<number> {
  return db().$executeRaw`DELETE FROM single_use_claim WHERE (scope, id_hash) IN (
    SELECT scope, id_hash FROM single_use_claim WHERE expires_at <= ${now} ORDER BY expires_at LIMIT ${limit})`;
}
