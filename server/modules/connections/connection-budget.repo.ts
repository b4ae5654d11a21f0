/**
 * A connection's rate budget and pauses, on its row so every worker process shares them: a token
 * bucket (`budget_tokens`, refilled by elapsed time) and `paused_until`, which a provider's 429 with
 * Retry-After sets. Read and written only for calls through a connection that has a budget, or
 * after a 429: calls through other connections cost no statement.
 */
import { preparedQuery } from "@/server/db/client";

export interface BudgetTake {
  /** A token was taken; when `available` is below 1 it was reserved ahead and the call waits for it. */
  taken: boolean;
  /** Tokens there were before this take (negative: reserved ahead by earlier calls). */
  available: number;
  /** The provider's pause still to run, in ms; null when none. */
  pausedMs: number | null;
}

/**
 * Takes one request from the budget (`capacity` at most, refilled at `perSecond`) unless the
 * connection is paused. A call may reserve a token up to `aheadSeconds` before it is there (it then
 * waits in-process); beyond that it is refused and the execution parks. Null when the connection
 * is gone.
 */
export async function takeBudgetToken(
  organizationId: string,
  connectionId: string,
  budget: { capacity: number; perSecond: number; aheadSeconds: number },
): Promise<BudgetTake | null> {
  const rows = await preparedQuery<{ taken: boolean; available: number; paused_ms: number | null }>(
    "connection_budget_take",
    `WITH current AS (
       SELECT id, paused_until,
              least($3::float8, coalesce(budget_tokens, $3::float8) + $4::float8 * greatest(0, extract(epoch FROM now() - coalesce(budget_refilled_at, now())))) AS available
         FROM connection WHERE id = $1::uuid AND organization_id = $2::uuid FOR UPDATE
     ), decided AS (
       SELECT id, available, paused_until,
              (paused_until IS NULL OR paused_until <= now()) AND available - 1 >= -($4::float8 * $5::float8) AS taken
         FROM current
     )
     UPDATE connection c SET budget_tokens = d.available - CASE WHEN d.taken THEN 1 ELSE 0 END, budget_refilled_at = now()
       FROM decided d WHERE c.id = d.id
     RETURNING d.taken, d.available,
               CASE WHEN d.paused_until > now() THEN (extract(epoch FROM d.paused_until - now()) * 1000)::float8 END AS paused_ms`,
    [connectionId, organizationId, budget.capacity, budget.perSecond, budget.aheadSeconds],
  );
  const row = rows[0];
  return row ? { taken: row.taken, available: Number(row.available), pausedMs: row.paused_ms === null ? null : Number(row.paused_ms) } : null;
}

/** The provider asked for a pause: calls through the connection wait until then (a later pause wins). */
export async function pauseConnection(organizationId: string, connectionId: string, ms: number): Promise<void> {
  await preparedQuery(
    "connection_pause",
    `UPDATE connection SET paused_until = greatest(coalesce(paused_until, now()), now() + make_interval(secs => $3::float8))
      WHERE id = $1::uuid AND organization_id = $2::uuid`,
    [connectionId, organizationId, ms / 1000],
  );
}
