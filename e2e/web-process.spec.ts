/**
 * The production web process (`scripts/web.ts`, started by the suite's `npm start`) runs the
 * server's code more than once: its webhook path loads the sources (server/web/web-server.ts) and
 * Next.js runs its own bundles of them. It still holds one database pool of each kind
 * (server/process-singleton.ts). Read from Postgres itself: every pool names its connections
 * `switchyard <pid> <pool> <id>` (server/db/client.ts), so two pools of one kind in one process
 * would show two ids.
 */
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import pg from "pg";
import { runSeedScript } from "./helpers/seed-script";

const port = Number(process.env.E2E_PORT ?? 3210);
/** The suite's data directory (playwright.config.ts). */
const e2eDataDir = path.join(os.tmpdir(), `switchyard-e2e-${port}`);

interface Seeded {
  hookPath: string;
  delivery: { body: string; headers: Record<string, string> };
  apiKey: string;
}

/** The pid of this suite's web process: `scripts/web.ts` started on the suite's data directory. */
function webProcessPid(): number {
  const found = readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        if (!command.some((part) => part.endsWith("scripts/web.ts"))) return false;
        return readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").includes(`DATA_DIR=${e2eDataDir}`);
      } catch {
        return false;
      }
    });
  expect(found, "one web process for this suite's data directory").toHaveLength(1);
  return Number(found[0]);
}

/** The ids of each kind of pool a process has connections of, e.g. `{ prisma: ["3fa2c1"], statements: ["09be44"] }`. */
async function poolsOf(pid: number): Promise<Record<string, string[]>> {
  const secrets = JSON.parse(readFileSync(path.join(e2eDataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  const client = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(secrets.postgresPassword)}@127.0.0.1:${port + 1000}/switchyard` });
  await client.connect();
  try {
    const { rows } = await client.query<{ application_name: string }>("SELECT DISTINCT application_name FROM pg_stat_activity WHERE application_name LIKE $1", [
      `switchyard ${pid} %`,
    ]);
    const pools: Record<string, string[]> = {};
    for (const { application_name } of rows) {
      const [, , kind, id] = application_name.split(" ");
      (pools[kind!] ??= []).push(id!);
    }
    return pools;
  } finally {
    await client.end();
  }
}

test("the web process answers webhooks and the app from one database pool of each kind", async ({ request }) => {
  const seeded = await runSeedScript<Seeded>(port, "e2e/fixtures/web-process-seed.ts", {});

  // A webhook: answered by the web server's own path, outside Next.js.
  const hook = await request.post(seeded.hookPath, { headers: seeded.delivery.headers, data: seeded.delivery.body });
  expect(hook.status()).toBe(202);
  // The REST API: a Next.js route handler.
  const integrations = await request.get("/api/v1/integrations", { headers: { authorization: `Bearer ${seeded.apiKey}` } });
  expect(integrations.status()).toBe(200);
  // A page, rendered by Next.js's server components.
  expect((await request.get("/login")).status()).toBe(200);

  // Both paths queried through Prisma a moment ago; idle connections stay open for ten seconds.
  const pools = await poolsOf(webProcessPid());
  expect(pools.prisma, "the Prisma pool the webhook and the REST call used").toHaveLength(1);
  for (const [kind, ids] of Object.entries(pools)) expect(ids, `${kind} pools`).toHaveLength(1);
});
