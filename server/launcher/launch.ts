/**
 * `npm start`: validates configuration, brings up the database (embedded unless DATABASE_URL is
 * set), applies migrations, builds when needed, then runs the web server and a worker together.
 * Ctrl-C / SIGTERM / SIGHUP (the terminal closed) stops the web server, then the worker, then
 * Postgres, which runs in a process group of its own so that a Ctrl-C reaches it only this way.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { portInUse, type RunningPostgres } from "@/server/db/embedded-postgres";
import { migrate } from "@/server/db/migrator";
import { buildRuntimeConfig, dataDirectory, parseEnv, type Env, type RuntimeConfig } from "@/server/env";
import { createLogger } from "@/server/logger";
import { migrateQueue, startWorker, workerOptions, type RunningWorker } from "@/server/worker/start-worker";
import { buildIfNeeded, stopBuild } from "./build";
import { setUpOnFirstStart } from "./first-start-setup";
import { startEmbeddedDatabase } from "./database";
import { describeExposure } from "./exposure";
import { acquireInstanceLock, type InstanceLock } from "./instance-lock";
import { loadOrCreateSecrets } from "./secrets";
import { countOf } from "@/server/text/plural";

const say = (line: string) => process.stdout.write(`[switchyard] ${line}\n`);

/** The environment the web process gets: the resolved configuration, nothing more. */
export function webEnvironment(e: Env, config: RuntimeConfig, dev: boolean): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(e.PORT),
    HOST: e.HOST,
    HOSTNAME: e.HOST,
    DATABASE_URL: config.databaseUrl,
    SESSION_SECRET: config.sessionSecret,
    ENCRYPTION_KEY: config.encryptionKey.toString("base64"),
    ENCRYPTION_KEY_PREVIOUS: config.previousEncryptionKeys.map((k) => k.toString("base64")).join(","),
    PUBLIC_URL: config.publicUrl,
    NEXTAUTH_URL: config.publicUrl,
    SANDBOX_ENABLED: config.sandboxEnabled ? (config.sandboxLocalOnly ? "local" : "true") : "false",
    LOG_LEVEL: config.logLevel,
  };
}

/**
 * `webOnly` (`npm start -- --web-only`): no worker in this process, for deployments whose workers
 * run elsewhere (`npm run worker`) or where a platform cron calls the flow runner route.
 */
export async function launch(options: { root: string; dev: boolean; webOnly?: boolean; source: NodeJS.ProcessEnv }): Promise<void> {
  const e = parseEnv(options.source);
  const dataDir = dataDirectory(e);
  mkdirSync(dataDir, { recursive: true });
  const lock: InstanceLock = acquireInstanceLock(dataDir);
  let postgres: RunningPostgres | undefined;
  let worker: RunningWorker | undefined;
  let web: ChildProcess | undefined;
  let stopping = false;

  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say("Stopping…");
    stopBuild();
    if (web && web.exitCode === null) {
      const exited = new Promise((r) => web!.once("exit", r));
      web.kill("SIGTERM");
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (web.exitCode === null) web.kill("SIGKILL");
    }
    await worker?.stop().catch(() => undefined);
    await postgres?.stop();
    lock.release();
    say("Stopped.");
    process.exit(code);
  };
  process.on("SIGINT", () => void shutdown(0));
  process.on("SIGTERM", () => void shutdown(0));
  process.on("SIGHUP", () => void shutdown(0));

  try {
    if (await portInUse(e.PORT, e.HOST === "0.0.0.0" ? "0.0.0.0" : e.HOST)) {
      throw new Error(`Port ${e.PORT} is in use (another Switchyard, or another program). Set PORT to a free port.`);
    }
    let resolved: Parameters<typeof buildRuntimeConfig>[1] = {};
    if (!e.DATABASE_URL) {
      const secrets = loadOrCreateSecrets(dataDir);
      say(`Starting the embedded Postgres (data in ${path.relative(options.root, dataDir) || dataDir})…`);
      const embedded = await startEmbeddedDatabase({ dataDir, port: e.EMBEDDED_POSTGRES_PORT, password: secrets.postgresPassword, say });
      postgres = embedded.postgres;
      resolved = {
        databaseUrl: embedded.url,
        sessionSecret: secrets.sessionSecret,
        encryptionKey: secrets.encryptionKey,
        previousEncryptionKeys: secrets.previousEncryptionKeys,
        sandboxDefault: true,
      };
    }
    const config = buildRuntimeConfig(e, resolved);
    const log = createLogger({ level: config.logLevel });
    for (const line of describeExposure(e, config)) say(line);

    const applied = await migrate(config.databaseUrl, path.join(options.root, "prisma", "migrations"));
    if (applied.length > 0) say(`Applied ${countOf(applied.length, "migration")}.`);
    await migrateQueue(config.databaseUrl);
    await setUpOnFirstStart(e, config, say);

    const webEnv = webEnvironment(e, config, options.dev);
    if (!options.dev) await buildIfNeeded(options.root, webEnv, say);
    if (stopping) return;

    web = spawn(process.execPath, ["--import", "tsx", "scripts/web.ts", ...(options.dev ? ["--dev"] : [])], {
      cwd: options.root,
      env: webEnv,
      stdio: ["ignore", "inherit", "inherit"],
    });
    web.once("exit", (code) => {
      if (!stopping) {
        say(`The web server exited unexpectedly (code ${code}).`);
        void shutdown(1);
      }
    });
    if (options.webOnly) say("No worker in this process (--web-only): flows run on `npm run worker` processes, or when POST /api/runner is called.");
    else worker = await startWorker(workerOptions(config, log));
    await waitForHttp(`http://127.0.0.1:${e.PORT}/api/health`, () => stopping);
    lock.setUrl(config.publicUrl);
    say(`Switchyard is ready: ${config.publicUrl}`);
  } catch (error) {
    say(`Could not start: ${(error as Error).message}`);
    await shutdown(1);
  }
}

async function waitForHttp(url: string, cancelled: () => boolean): Promise<void> {
  for (let i = 0; i < 600 && !cancelled(); i++) {
    try {
      const response = await fetch(url);
      if (response.status < 500 || response.status === 503) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
