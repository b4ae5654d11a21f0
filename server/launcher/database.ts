/**
 * Chooses the database: DATABASE_URL when given, otherwise the embedded Postgres under the data
 * directory (started, and stopped again by the launcher).
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import path from "node:path";
import {
  ensureDatabase,
  firstUnreachableParent,
  postgresRunAs,
  runningPostmasterPid,
  startEmbeddedPostgres,
  stopOrphanPostmaster,
  type RunningPostgres,
} from "@/server/db/embedded-postgres";

export const EMBEDDED_DATABASE_NAME = "switchyard";

/**
 * Where the cluster lives: <data>/pg, unless the `postgres` OS user (used when we run as root)
 * cannot reach it — e.g. a checkout under /root — in which case a reachable folder is chosen and
 * named, rather than failing.
 */
export function postgresDirectory(dataDir: string, say: (line: string) => void): string {
  const preferred = path.join(dataDir, "pg");
  const blocked = firstUnreachableParent(preferred, postgresRunAs());
  if (!blocked) return preferred;
  const fallback = path.join("/var/lib/switchyard", createHash("sha256").update(dataDir).digest("hex").slice(0, 12), "pg");
  say(`Note: the postgres OS user cannot enter ${blocked}, so the embedded database lives in ${fallback}.`);
  mkdirSync(path.dirname(fallback), { recursive: true, mode: 0o755 });
  return fallback;
}

export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port: number;
  password: string;
  say: (line: string) => void;
}): Promise<{ url: string; postgres: RunningPostgres }> {
  const pgDir = postgresDirectory(options.dataDir, options.say);
  // The launcher holds the instance lock, so a Postgres still running here was left behind by a
  // launcher that was killed (kill -9); stop it cleanly and carry on.
  const orphan = runningPostmasterPid(pgDir);
  if (orphan) {
    options.say(`Stopping a Postgres (pid ${orphan}) left running by an earlier start that did not shut down…`);
    await stopOrphanPostmaster(orphan);
  }
  const postgres = await startEmbeddedPostgres({
    dataDir: pgDir,
    port: options.port,
    password: options.password,
    logFile: path.join(options.dataDir, "postgres.log"),
    // Stopped last by the launcher's shutdown, after the web server and the worker.
    ownProcessGroup: true,
  });
  await ensureDatabase(postgres.url("postgres"), EMBEDDED_DATABASE_NAME);
  return { url: postgres.url(EMBEDDED_DATABASE_NAME), postgres };
}
