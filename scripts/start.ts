import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

// The launcher imports the database client, so the client must be generated before it loads
// (npm install does it; this covers installs that skipped scripts).
if (!existsSync(path.join(root, "server", "db", "generated", "client.ts"))) {
  process.stdout.write("[switchyard] Generating the database client…\n");
  const generated = spawnSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: "/bin/false" },
  });
  if (generated.status !== 0) {
    process.stderr.write("[switchyard] Could not generate the database client (npm run prisma:generate).\n");
    process.exit(1);
  }
}

const { EnvError } = await import("@/server/env");
const { AlreadyRunningError } = await import("@/server/launcher/instance-lock");
const { launch } = await import("@/server/launcher/launch");

launch({ root, dev: process.argv.includes("--dev"), webOnly: process.argv.includes("--web-only"), source: process.env }).catch((error: unknown) => {
  if (error instanceof EnvError || error instanceof AlreadyRunningError) {
    process.stderr.write(`[switchyard] ${error.message}\n`);
  } else {
    process.stderr.write(`[switchyard] Could not start: ${(error as Error).message}\n`);
  }
  process.exit(1);
});
