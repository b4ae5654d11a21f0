import { db, type Prisma } from "@/server/db/client";

const EXPIRY_HOURS = 24;

export interface IdempotencyScope {
  organizationId: string;
  scope: string;
  key: string;
}

/**
 * Claims the key for this request, replacing an expired claim. Returns null when the key is
 * already held (the caller then reads the holder with findIdempotencyKey).
 */
export async function claimIdempotencyKey(target: IdempotencyScope, requestHash: string): Promise<string | null> {
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`DELETE FROM idempotency_key WHERE organization_id = ${target.organizationId}::uuid AND scope = ${target.scope}
      AND key = ${target.key} AND created_at < now() - make_interval(hours => ${EXPIRY_HOURS})`;
    const rows = await tx.$queryRaw<{ id: string }[]>`INSERT INTO idempotency_key (id, organization_id, scope, key, request_hash)
      VALUES (gen_random_uuid(), ${target.organizationId}::uuid, ${target.scope}, ${target.key}, ${requestHash})
      ON CONFLICT (organization_id, scope, key) DO NOTHING RETURNING id`;
    return rows[0]?.id ?? null;
  });
}

export function findIdempotencyKey(target: IdempotencyScope) {
  return db().idempotencyKey.findUnique({
    where: { organizationId_scope_key: { organizationId: target.organizationId, scope: target.scope, key: target.key } },
    select: { requestHash: true, responseStatus: true, responseBody: true },
  });
}

export function storeIdempotentResponse(organizationId: string, id: string, status: number, body: unknown) {
  return db().idempotencyKey.updateMany({ where: { organizationId, id }, data: { responseStatus: status, responseBody: body as Prisma.InputJsonValue } });
}

/** A failed request gives its key back, so the client can retry it once the problem is fixed. */
export function releaseIdempotencyKey(organizationId: string, id: string) {
  return db().idempotencyKey.deleteMany({ where: { organizationId, id, responseStatus: null } });
}

/** Deletes up to `limit` expired keys (the retention job; a repeat after expiry is a new request anyway). */
export function deleteExpiredIdempotencyKeys(now: Date, limit: number): Promise<number> {
  return db().$executeRaw`DELETE FROM idempotency_key WHERE id IN (
    SELECT id FROM idempotency_key WHERE created_at < ${now}::timestamptz - make_interval(hours => ${EXPIRY_HOURS}) ORDER BY created_at LIMIT ${limit})`;
}
