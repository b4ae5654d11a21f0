/**
 * Turns a stored Connection into the credentials an action runs with, refreshing OAuth tokens
 * ahead of expiry. One refresh per connection at a time: callers in this process share one
 * promise, and processes serialise on a Postgres advisory lock, re-reading the row once they hold
 * it so a refresh another process just did is reused rather than repeated (with rotating refresh
 * tokens, a second refresh would present a token the provider has already retired).
 */
import type { ResolvedConnection } from "@/server/connectors/framework/context";
import { openJson, sealJson } from "@/server/crypto/keyring";
import { NonRetryableError, ReconnectRequiredError } from "@/server/engine/errors";
import { findInstanceConnection, withConnectionLock, type LockedConnection } from "./connections.repo";
import { toResolvedConnection, type ConnectionRow, type StoredCredentials } from "./credentials";
import type { OAuthSettings } from "./oauth-settings";
import { prepareRenewal, renewCredentials, type RenewalSetup, type RenewResult } from "./renew-credentials";
import { countRefreshFailure } from "@/server/telemetry/metric-counts";

export interface ConnectionResolverOptions extends Omit<OAuthSettings, "publicUrl"> {
  /** Refresh when less than this is left (default 60 s), so a token does not expire mid-request. */
  refreshAheadMs?: number;
  /**
   * Refreshes in flight by connection id, shared with other resolvers (the process's, for every
   * copy of this module the process runs: resolve-connection.ts). Default: this resolver's own.
   */
  refreshesInFlight?: RefreshesInFlight;
}

/**
 * A refresh in flight and the resolver that started it. Another resolver (another copy of this
 * module) only waits for it to settle and reads what it wrote, never its outcome: a failure is an
 * error of the starting copy's classes, which `instanceof` in another copy would not recognise.
 */
export type RefreshesInFlight = Map<string, { by: object; refresh: Promise<ResolvedConnection> }>;

export interface ConnectionResolver {
  resolveInstanceConnection(organizationId: string, instanceId: string, key: string): Promise<ResolvedConnection>;
  /**
   * The provider answered 401 to a call made with the connection. An OAuth connection gets a new
   * token (unless it was renewed moments ago, by another step or since the call resolved it) and
   * the caller tries once more; a connection that cannot be renewed is marked as needing reconnecting and a
   * ReconnectRequiredError is thrown. Credentials that do not expire are not this function's
   * business: it answers "not-renewable" and the 401 stays the step's error.
   */
  renewAfterUnauthorized(organizationId: string, instanceId: string, key: string): Promise<"renewed" | "not-renewable">;
  /** The provider still answered 401 after a renewal: the connection needs reconnecting. Throws ReconnectRequiredError. */
  unauthorizedAfterRenewal(organizationId: string, instanceId: string, key: string, reason: string): Promise<never>;
}

type Outcome = { ok: ResolvedConnection } | { error: Error };

function brokenError(key: string, reason: string | null): Error {
  return new ReconnectRequiredError(key, reason ?? "the provider refused its credentials");
}

/** A renewal younger than this counts as the renewal a 401 asks for: another step just made it. */
const FRESH_RENEWAL_MS = 10_000;

/** A broken connection is a problem only the customer can fix, so retrying the step would not help. */
function assertUsable(row: ConnectionRow, key: string): void {
  if (row.status === "broken") throw brokenError(key, row.statusReason);
}

export function createConnectionResolver(options: ConnectionResolverOptions): ConnectionResolver {
  const now = options.now ?? (() => new Date());
  const refreshAheadMs = options.refreshAheadMs ?? 60_000;
  const inFlight: RefreshesInFlight = options.refreshesInFlight ?? new Map();
  const self = {};

  /**
   * Renewed ahead of expiry by `refreshAheadMs`, or by half the token's lifetime when that is
   * shorter: a token that lives less than twice the margin would otherwise count as due again the
   * moment it was renewed, and every resolution would renew it once more.
   */
  const needsRefresh = (row: ConnectionRow) => {
    if (row.expiresAt === null) return false;
    const expiresAt = row.expiresAt.getTime();
    const issuedAt = (row.refreshedAt ?? row.updatedAt).getTime();
    const ahead = Math.min(refreshAheadMs, Math.max(0, (expiresAt - issuedAt) / 2));
    return expiresAt - now().getTime() < ahead;
  };
  const resolved = (row: ConnectionRow) => toResolvedConnection(row, openJson<StoredCredentials>(row.credentialsEncrypted));

  /** One renewal attempt under the lock; `retried` stops a second round after a re-read. */
  async function renewLocked(locked: LockedConnection, setup: RenewalSetup, row: ConnectionRow, key: string, retried: boolean): Promise<Outcome> {
    const result: RenewResult = await renewCredentials(row, openJson<StoredCredentials>(row.credentialsEncrypted), setup, { http: options.http, now });
    if (result.kind === "renewed") {
      if (await locked.writeRefreshed(row.credentialsEncrypted, { credentialsEncrypted: sealJson(result.stored), expiresAt: result.expiresAt })) {
        return { ok: toResolvedConnection(row, result.stored) };
      }
      // Someone without the lock (a reconnect) wrote the row meanwhile: their credentials win.
      const latest = await locked.read();
      return latest ? { ok: resolved(latest) } : { error: new NonRetryableError(`the connection "${key}" was disconnected`) };
    }
    if (result.kind === "failed") {
      countRefreshFailure(row.connector, "failed");
      return { error: result.error };
    }
    // Refused: another writer may have rotated the token while ours was in flight, so look once more.
    const latest = await locked.read();
    if (latest && latest.credentialsEncrypted !== row.credentialsEncrypted && !retried) {
      if (latest.status === "broken") return { error: brokenError(key, latest.statusReason) };
      return needsRefresh(latest) ? renewLocked(locked, setup, latest, key, true) : { ok: resolved(latest) };
    }
    countRefreshFailure(row.connector, "refused");
    await locked.markBroken(row.credentialsEncrypted, result.reason);
    return { error: brokenError(key, result.reason) };
  }

  async function refresh(stale: ConnectionRow, key: string): Promise<ResolvedConnection> {
    const setup = await prepareRenewal(stale, options);
    // Errors are returned, not thrown, out of the transaction: throwing would roll back `markBroken`.
    const outcome = await withConnectionLock(stale.organizationId, stale.id, async (locked): Promise<Outcome> => {
      const row = await locked.read();
      if (!row) return { error: new NonRetryableError(`the connection "${key}" was disconnected; connect it again`) };
      if (row.status === "broken") return { error: brokenError(key, row.statusReason) };
      if (!needsRefresh(row)) return { ok: resolved(row) };
      return renewLocked(locked, setup, row, key, false);
    });
    if ("error" in outcome) throw outcome.error;
    return outcome.ok;
  }

  async function renewNow(organizationId: string, instanceId: string, key: string): Promise<"renewed" | "not-renewable"> {
    const current = await findInstanceConnection(organizationId, instanceId, key);
    if (!current) throw new NonRetryableError(`the connection "${key}" was disconnected; connect it again`);
    assertUsable(current, key);
    if (current.authKind !== "oauth2") return "not-renewable";
    const setup = await prepareRenewal(current, options);
    const outcome = await withConnectionLock(organizationId, current.id, async (locked): Promise<Outcome | { renewed: true }> => {
      const row = await locked.read();
      if (!row) return { error: new NonRetryableError(`the connection "${key}" was disconnected; connect it again`) };
      if (row.status === "broken") return { error: brokenError(key, row.statusReason) };
      if (row.refreshedAt && now().getTime() - row.refreshedAt.getTime() < FRESH_RENEWAL_MS) return { renewed: true };
      if (row.credentialsEncrypted !== current.credentialsEncrypted) return { renewed: true };
      const result = await renewCredentials(row, openJson<StoredCredentials>(row.credentialsEncrypted), setup, { http: options.http, now });
      if (result.kind === "renewed") {
        await locked.writeRefreshed(row.credentialsEncrypted, { credentialsEncrypted: sealJson(result.stored), expiresAt: result.expiresAt });
        return { renewed: true };
      }
      if (result.kind === "failed") return { error: result.error };
      const reason = `${setup.provider} refused the access token (401 Unauthorized) and it could not be renewed: ${result.reason}`;
      await locked.markBroken(row.credentialsEncrypted, reason);
      return { error: brokenError(key, reason) };
    });
    if ("error" in outcome) throw outcome.error;
    return "renewed";
  }

  return {
    renewAfterUnauthorized: renewNow,
    async unauthorizedAfterRenewal(organizationId, instanceId, key, reason) {
      const row = await findInstanceConnection(organizationId, instanceId, key);
      if (row && row.status !== "broken") {
        await withConnectionLock(organizationId, row.id, async (locked) => {
          const latest = await locked.read();
          // A reconnect that landed meanwhile wrote other credentials: those have not been refused.
          if (latest && latest.credentialsEncrypted === row.credentialsEncrypted) await locked.markBroken(row.credentialsEncrypted, reason);
        });
      }
      throw brokenError(key, reason);
    },
    async resolveInstanceConnection(organizationId, instanceId, key) {
      for (;;) {
        const row = await findInstanceConnection(organizationId, instanceId, key);
        if (!row) throw new NonRetryableError(`the connection "${key}" is not connected for this instance; connect it in the instance's settings`);
        assertUsable(row, key);
        if (!needsRefresh(row)) return resolved(row);
        const running = inFlight.get(row.id);
        if (running?.by === self) return running.refresh;
        if (running) {
          // Another copy's refresh: once it settles, the row says what came of it.
          await running.refresh.catch(() => undefined);
          continue;
        }
        const pending = refresh(row, key).finally(() => {
          if (inFlight.get(row.id)?.refresh === pending) inFlight.delete(row.id);
        });
        inFlight.set(row.id, { by: self, refresh: pending });
        return pending;
      }
    },
  };
}
