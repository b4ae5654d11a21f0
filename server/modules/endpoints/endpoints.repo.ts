import { db, type Prisma } from "@/server/db/client";
import type { InstanceStatus } from "@/server/db/generated/enums";

type Client = Pick<Prisma.TransactionClient, "endpoint">;

export function listEndpoints(organizationId: string, instanceId: string) {
  return db().endpoint.findMany({ where: { organizationId, instanceId }, orderBy: { createdAt: "asc" } });
}

export function findEndpoint(organizationId: string, id: string) {
  return db().endpoint.findFirst({ where: { organizationId, id } });
}

export async function insertEndpoints(rows: { organizationId: string; instanceId: string; flowKey: string | null; token: string }[], client: Client = db()) {
  if (rows.length > 0) await client.endpoint.createMany({ data: rows });
}

export function deleteEndpoints(organizationId: string, ids: string[]) {
  return db().endpoint.deleteMany({ where: { organizationId, id: { in: ids } } });
}

/**
 * Replaces the token in place: the old one stops resolving the moment this commits. The new URL
 * is unverified until a delivery to it passes verification.
 */
export function replaceEndpointToken(organizationId: string, id: string, token: string) {
  return db().endpoint.updateMany({ where: { organizationId, id }, data: { token, rotatedAt: new Date(), verifiedAt: null } });
}

/** Marks the endpoint verified now, unless it already was (the first verified delivery wins). */
export async function markEndpointVerified(endpointId: string): Promise<void> {
  await db().$executeRaw`UPDATE endpoint SET verified_at = now() WHERE id = ${endpointId}::uuid AND verified_at IS NULL`;
}

export interface EndpointStatusRow {
  id: string;
  flowKey: string | null;
  token: string;
  createdAt: Date;
  rotatedAt: Date | null;
  verifiedAt: Date | null;
  lastAcceptedAt: Date | null;
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
}

/**
 * An instance's endpoints with their verification and their latest deliveries: the last one that
 * passed verification (any verdict but rejected) and the last rejected one with its reason, each
 * read backwards through the (endpoint_id, received_at) index.
 */
export async function listEndpointStatusRows(organizationId: string, instanceId: string): Promise<EndpointStatusRow[]> {
  return db().$queryRaw<EndpointStatusRow[]>`
    SELECT e.id, e.flow_key AS "flowKey", e.token, e.created_at AS "createdAt", e.rotated_at AS "rotatedAt", e.verified_at AS "verifiedAt",
           passed.received_at AS "lastAcceptedAt", refused.received_at AS "lastRejectedAt", refused.reason AS "lastRejectionReason"
      FROM endpoint e
      LEFT JOIN LATERAL (
        SELECT received_at FROM event
         WHERE endpoint_id = e.id AND verdict <> 'rejected'
         ORDER BY received_at DESC LIMIT 1) passed ON true
      LEFT JOIN LATERAL (
        SELECT received_at, reason FROM event
         WHERE endpoint_id = e.id AND verdict = 'rejected'
         ORDER BY received_at DESC LIMIT 1) refused ON true
     WHERE e.organization_id = ${organizationId}::uuid AND e.instance_id = ${instanceId}::uuid
     ORDER BY e.created_at, e.id`;
}

export interface DeliveryEndpoint {
  id: string;
  organizationId: string;
  instanceId: string;
  flowKey: string | null;
  instance: { id: string; status: InstanceStatus; bufferWhilePaused: boolean; customerId: string; integrationVersionId: string; updatedAt: Date };
  /** When a delivery first passed verification; the ingest sets it (once) when it is null. */
  verifiedAt: Date | null;
  /**
   * Tokens left in the endpoint's bucket after this delivery took one; null when none was taken
   * (the instance refuses deliveries, so the bucket is left alone).
   */
  rateTokens: number | null;
}

/**
 * The one lookup not scoped by organization: a delivery carries nothing but the token, and the
 * token (192 random bits, unique) is what identifies the tenant. Everything after it is scoped by
 * the organization the endpoint belongs to.
 *
 * The ingest's front door in one round trip: resolves the token to its endpoint and instance and,
 * when the instance takes deliveries (active, deploying, or paused and buffering), takes one token from the
 * endpoint's rate bucket in the same statement. The bucket (refilled at `perSecond` up to `burst`)
 * is two columns of the endpoint row, updated in one statement so concurrent web processes see
 * the same bucket. Every delivery of an endpoint updates that one row, so the statement commits
 * without waiting for the WAL flush (a crash may forget the last few tokens taken); a negative `rateTokens` means it was empty. Overdrawn buckets are settled by the caller with `returnRateToken`.
 */
export async function openEndpointForDelivery(token: string, limit: { perSecond: number; burst: number }): Promise<DeliveryEndpoint | null> {
  const rows = await db().$queryRaw<
    {
      id: string;
      organization_id: string;
      instance_id: string;
      flow_key: string | null;
      status: InstanceStatus;
      buffer_while_paused: boolean;
      customer_id: string;
      integration_version_id: string;
      updated_at: Date;
      verified_at: Date | null;
      tokens: number | null;
    }[]
  >`
    WITH relaxed AS (
      -- Only the bucket is written here: losing its last updates in a crash costs nothing, so this
      -- statement's commit does not wait for the WAL flush and the hot row's lock is held briefly.
      SELECT set_config('synchronous_commit', 'off', true)
    ), hit AS (
      SELECT e.id, e.organization_id, e.instance_id, e.flow_key, e.verified_at, i.status, i.buffer_while_paused, i.customer_id, i.integration_version_id, i.updated_at
        FROM endpoint e JOIN instance i ON i.id = e.instance_id
       WHERE e.token = ${token}
    ), took AS (
      UPDATE endpoint
         SET rate_tokens = least(${limit.burst}::float8,
               coalesce(rate_tokens, ${limit.burst}::float8)
               + extract(epoch FROM clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp())) * ${limit.perSecond}::float8) - 1,
             rate_refilled_at = clock_timestamp()
        FROM hit
       WHERE endpoint.id = hit.id AND (hit.status IN ('active', 'deploying') OR (hit.status = 'paused' AND hit.buffer_while_paused))
      RETURNING endpoint.rate_tokens AS tokens
    )
    SELECT hit.*, (SELECT tokens FROM took) AS tokens FROM hit, relaxed`;
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    organizationId: row.organization_id,
    instanceId: row.instance_id,
    flowKey: row.flow_key,
    instance: {
      id: row.instance_id,
      status: row.status,
      bufferWhilePaused: row.buffer_while_paused,
      customerId: row.customer_id,
      integrationVersionId: row.integration_version_id,
      updatedAt: row.updated_at,
    },
    verifiedAt: row.verified_at,
    rateTokens: row.tokens,
  };
}

/** Gives back a token an overdrawn delivery took, so a flood of refused requests does not starve the endpoint. */
export async function returnRateToken(endpointId: string): Promise<void> {
  await db().$executeRaw`UPDATE endpoint SET rate_tokens = rate_tokens + 1 WHERE id = ${endpointId}::uuid`;
}

/**
 * Takes up to `want` whole tokens from the endpoint's bucket in one statement (never overdrawing
 * it), for a web process that hands them out from memory (server/triggers/ingest/rate-tokens.ts).
 * `available` is what the bucket held before, so a caller granted nothing can say how long to wait.
 * Like the front door's bucket update, it commits without waiting for the WAL flush.
 */
export async function reserveRateTokens(
  endpointId: string,
  limit: { perSecond: number; burst: number },
  want: number,
): Promise<{ granted: number; available: number }> {
  const rows = await db().$queryRaw<{ granted: number; available: number }[]>`
    WITH relaxed AS (
      SELECT set_config('synchronous_commit', 'off', true)
    ), bucket AS (
      SELECT id, least(${limit.burst}::float8,
               coalesce(rate_tokens, ${limit.burst}::float8)
               + extract(epoch FROM clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp())) * ${limit.perSecond}::float8) AS available
        FROM endpoint, relaxed WHERE id = ${endpointId}::uuid
       FOR UPDATE OF endpoint
    )
    UPDATE endpoint
       SET rate_tokens = bucket.available - least(${want}::float8, greatest(floor(bucket.available), 0)),
           rate_refilled_at = clock_timestamp()
      FROM bucket
     WHERE endpoint.id = bucket.id
    RETURNING least(${want}::float8, greatest(floor(bucket.available), 0))::float8 AS granted, bucket.available::float8 AS available`;
  return rows[0] ?? { granted: 0, available: 0 };
}
