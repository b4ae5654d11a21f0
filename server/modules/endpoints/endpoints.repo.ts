import { db, type Prisma } from "@/server/db/client";

type Client = Pick<Prisma.TransactionClient, "endpoint">;

/**
 * The one lookup not scoped by organization: a delivery carries nothing but the token, and the
 * token (192 random bits, unique) is what identifies the tenant. Everything after it is scoped by
 * the organization the endpoint belongs to.
 */
export function findEndpointByToken(token: string) {
  return db().endpoint.findUnique({
    where: { token },
    select: {
      id: true,
      organizationId: true,
      instanceId: true,
      flowKey: true,
      instance: {
        select: { id: true, status: true, bufferWhilePaused: true, customerId: true, integrationVersionId: true },
      },
    },
  });
}

export function listEndpoints(organizationId: string, instanceId: string) {
  return db().endpoint.findMany({ where: { organizationId, instanceId }, orderBy: { createdAt: "asc" } });
}

export function findEndpoint(organizationId: string, id: string) {
  return db().endpoint.findFirst({ where: { organizationId, id } });
}

export async function insertEndpoints(
  rows: { organizationId: string; instanceId: string; flowKey: string | null; token: string }[],
  client: Client = db(),
) {
  if (rows.length > 0) await client.endpoint.createMany({ data: rows });
}

export function deleteEndpoints(organizationId: string, ids: string[]) {
  return db().endpoint.deleteMany({ where: { organizationId, id: { in: ids } } });
}

/** Replaces the token in place: the old one stops resolving the moment this commits. */
export function replaceEndpointToken(organizationId: string, id: string, token: string) {
  return db().endpoint.updateMany({ where: { organizationId, id }, data: { token, rotatedAt: new Date() } });
}

/**
 * Takes one token from the endpoint's bucket (refilled at `perSecond` up to `burst`), in one
 * statement so concurrent web processes see the same bucket. Returns the seconds until a token
 * is available when the bucket is empty, or 0 when the delivery may proceed.
 */
export async function takeRateToken(endpointId: string, limit: { perSecond: number; burst: number }): Promise<number> {
  const rows = await db().$queryRaw<{ tokens: number }[]>`
    UPDATE endpoint
       SET rate_tokens = least(${limit.burst}::float8,
             coalesce(rate_tokens, ${limit.burst}::float8)
             + extract(epoch FROM clock_timestamp() - coalesce(rate_refilled_at, clock_timestamp())) * ${limit.perSecond}::float8) - 1,
           rate_refilled_at = clock_timestamp()
     WHERE id = ${endpointId}::uuid
    RETURNING rate_tokens AS tokens`;
  const tokens = rows[0]?.tokens ?? 0;
  if (tokens >= 0) return 0;
  // Overdrawn: give the token back so a flood of refused requests does not starve the endpoint.
  await db().$executeRaw`UPDATE endpoint SET rate_tokens = rate_tokens + 1 WHERE id = ${endpointId}::uuid`;
  return Math.max(1, Math.ceil(-tokens / limit.perSecond));
}
