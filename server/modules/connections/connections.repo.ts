import { db, type Prisma } from "@/server/db/client";

type Tx = Prisma.TransactionClient;

/** What lists show: never the sealed credentials. */
const connectionSummary = {
  id: true,
  customerId: true,
  instanceId: true,
  key: true,
  connector: true,
  authKind: true,
  accountLabel: true,
  status: true,
  statusReason: true,
  brokenAt: true,
  healthCheckedAt: true,
  healthCheckOk: true,
  healthCheckMessage: true,
  expiresAt: true,
  createdAt: true,
  updatedAt: true,
} as const;

/** The instance's connection for a manifest connection key (the wizard links it to the instance). */
export function findInstanceConnection(organizationId: string, instanceId: string, key: string) {
  return db().connection.findFirst({ where: { organizationId, instanceId, key }, orderBy: { updatedAt: "desc" } });
}

/** `customerId` narrows to one customer's connections (embed callers); console callers see the organization's. */
export function findConnection(scope: { organizationId: string; customerId?: string }, id: string) {
  return db().connection.findFirst({ where: { ...scope, id } });
}

export function listConnections(scope: { organizationId: string; customerId?: string; instanceId?: string }) {
  return db().connection.findMany({ where: scope, orderBy: [{ key: "asc" }, { createdAt: "asc" }], select: connectionSummary });
}

export interface ConnectionCredentialsData {
  authKind: string;
  accountLabel: string | null;
  credentialsEncrypted: string;
  expiresAt: Date | null;
}

export function insertConnection(
  data: ConnectionCredentialsData & { organizationId: string; customerId: string; instanceId: string | null; key: string; connector: string },
) {
  return db().connection.create({ data: { ...data, status: "active" }, select: connectionSummary });
}

/** Reconnect in place: same id, so instances and executions that point at it pick the new credentials up. */
export async function replaceConnectionCredentials(scope: { organizationId: string; customerId: string }, id: string, data: ConnectionCredentialsData) {
  const { count } = await db().connection.updateMany({
    where: { ...scope, id },
    data: { ...data, status: "active", statusReason: null, brokenAt: null, refreshedAt: null },
  });
  return count === 0 ? null : db().connection.findFirst({ where: { ...scope, id }, select: connectionSummary });
}

export async function deleteConnection(scope: { organizationId: string; customerId?: string }, id: string): Promise<boolean> {
  const { count } = await db().connection.deleteMany({ where: { ...scope, id } });
  return count > 0;
}

/** One connection as seen inside the refresh lock. Writes are compare-and-set on the sealed credentials. */
export interface LockedConnection {
  read(): Promise<Awaited<ReturnType<typeof readRow>>>;
  /** False when someone else wrote the row since `expected` was read (a reconnect, an older process). */
  writeRefreshed(expected: string, data: { credentialsEncrypted: string; expiresAt: Date | null }): Promise<boolean>;
  markBroken(expected: string, reason: string): Promise<boolean>;
}

function readRow(tx: Tx, organizationId: string, id: string) {
  return tx.connection.findFirst({ where: { organizationId, id } });
}

// How long a refresh may hold its transaction: the token request's own timeout plus headroom.
const REFRESH_TRANSACTION_MS = 45_000;

/**
 * Runs `work` holding a transaction-scoped advisory lock on the connection, so only one process
 * refreshes it at a time; the others wait here and then find the row already refreshed. An
 * advisory lock rather than `FOR UPDATE`: reading and reconnecting the row stay unblocked.
 */
export function withConnectionLock<T>(organizationId: string, id: string, work: (connection: LockedConnection) => Promise<T>): Promise<T> {
  return db().$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`switchyard:connection-refresh:${id}`}, 0))`;
      return work({
        read: () => readRow(tx, organizationId, id),
        async writeRefreshed(expected, data) {
          const { count } = await tx.connection.updateMany({
            where: { organizationId, id, credentialsEncrypted: expected },
            data: { ...data, refreshedAt: new Date(), status: "active", statusReason: null, brokenAt: null },
          });
          return count === 1;
        },
        async markBroken(expected, reason) {
          const { count } = await tx.connection.updateMany({
            where: { organizationId, id, credentialsEncrypted: expected },
            data: { status: "broken", statusReason: reason, brokenAt: new Date() },
          });
          return count === 1;
        },
      });
    },
    { timeout: REFRESH_TRANSACTION_MS, maxWait: REFRESH_TRANSACTION_MS },
  );
}

/**
 * Active connections of instances whose last health check is older than `olderThan` (never
 * checked first), of the given connectors: the worker's periodic check finds its work here across
 * organizations, as the schedule tick does, and each check then runs scoped to its organization.
 */
export function connectionsDueForHealthCheck(connectors: string[], olderThan: Date, limit: number) {
  return db().connection.findMany({
    where: {
      status: "active",
      instanceId: { not: null },
      connector: { in: connectors },
      OR: [{ healthCheckedAt: null }, { healthCheckedAt: { lt: olderThan } }],
    },
    orderBy: { healthCheckedAt: { sort: "asc", nulls: "first" } },
    take: limit,
    select: { id: true, organizationId: true, instanceId: true, key: true, connector: true },
  });
}

export async function recordHealthCheck(organizationId: string, id: string, result: { ok: boolean; message: string }): Promise<void> {
  await db().connection.updateMany({
    where: { organizationId, id },
    data: { healthCheckedAt: new Date(), healthCheckOk: result.ok, healthCheckMessage: result.message.slice(0, 300) },
  });
}
