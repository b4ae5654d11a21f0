import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ensureDatabase } from "./embedded-postgres";
import { migrate } from "./migrator";

async function freshDatabase(name: string) {
  const admin = inject("adminDatabaseUrl");
  await ensureDatabase(admin, name);
  return admin.replace(/\/postgres$/, `/${name}`);
}

function migrationsDir(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "migrations-"));
  for (const [name, sql] of Object.entries(files)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

describe("migrator", () => {
  it("applies each migration once, records Prisma's checksum, and is safe to run concurrently", async () => {
    const url = await freshDatabase(`mig_${Date.now()}`);
    const dir = migrationsDir({ "001_a": "CREATE TABLE a (id int);", "002_b": "CREATE TABLE b (id int);" });
    const results = await Promise.all([migrate(url, dir), migrate(url, dir), migrate(url, dir)]);
    expect(results.flat().sort()).toEqual(["001_a", "002_b"]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query(`SELECT migration_name, checksum, applied_steps_count, finished_at FROM "_prisma_migrations" ORDER BY migration_name`);
    await client.end();
    expect(rows.rows.map((r) => [r.migration_name, r.checksum.length, r.applied_steps_count, r.finished_at !== null])).toEqual([
      ["001_a", 64, 1, true],
      ["002_b", 64, 1, true],
    ]);
    expect(await migrate(url, dir)).toEqual([]);
  });

  it("rolls a failing migration back completely and says which one failed", async () => {
    const url = await freshDatabase(`mig_fail_${Date.now()}`);
    const dir = migrationsDir({ "001_ok": "CREATE TABLE ok (id int);", "002_bad": "CREATE TABLE half (id int); SELECT no_such_function();" });
    await expect(migrate(url, dir)).rejects.toThrow(/002_bad failed and was rolled back/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query(`SELECT table_name FROM information_schema.tables WHERE table_schema='public' ORDER BY 1`);
    await client.end();
    expect(tables.rows.map((r) => r.table_name)).toEqual(["_prisma_migrations", "ok"]);
  });

  it("refuses to start when an applied migration was edited", async () => {
    const url = await freshDatabase(`mig_edit_${Date.now()}`);
    const dir = migrationsDir({ "001_a": "CREATE TABLE a (id int);" });
    await migrate(url, dir);
    writeFileSync(path.join(dir, "001_a", "migration.sql"), "CREATE TABLE a (id bigint);");
    await expect(migrate(url, dir)).rejects.toThrow(/001_a was changed after it was applied/);
  });
});
