/**
 * For a test file that needs a database of its own (e.g. one that checks first-run set-up, which
 * depends on there being no users at all): creates and migrates a new database on the test
 * cluster and points the shared client at it for this file.
 */
import { randomBytes } from "node:crypto";
import path from "node:path";
import { inject } from "vitest";
import { useDatabase } from "@/server/db/client";
import { ensureDatabase } from "@/server/db/embedded-postgres";
import { migrate } from "@/server/db/migrator";
import { migrateQueue } from "@/server/worker/start-worker";

export async function useFreshDatabase(prefix = "own"): Promise<string> {
  const admin = inject("adminDatabaseUrl");
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString("hex")}`;
  await ensureDatabase(admin, name);
  const url = admin.replace(/\/postgres$/, `/${name}`);
  await migrate(url, path.resolve("prisma", "migrations"));
  await migrateQueue(url);
  useDatabase(url);
  return url;
}
