/** `npm run migrate`: applies pending migrations to DATABASE_URL (for deployments that migrate separately). */
import { migrate } from "@/server/db/migrator";
import { EnvError, parseEnv } from "@/server/env";
import { migrateQueue } from "@/server/worker/start-worker";

async function main() {
  const e = parseEnv(process.env);
  if (!e.DATABASE_URL) throw new EnvError(["DATABASE_URL: required for npm run migrate (npm start migrates the embedded database itself)"]);
  const applied = await migrate(e.DATABASE_URL);
  await migrateQueue(e.DATABASE_URL);
  process.stdout.write(applied.length ? `Applied: ${applied.join(", ")}\n` : "Database is up to date.\n");
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
});
