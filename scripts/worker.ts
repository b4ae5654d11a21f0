/**
 * `npm run worker`: a worker on its own, for more hosts against the same Postgres. Needs
 * DATABASE_URL, SESSION_SECRET and ENCRYPTION_KEY like any process that reads credentials.
 */
import { EnvError, buildRuntimeConfig, parseEnv } from "@/server/env";
import { createLogger } from "@/server/logger";
import { migrateQueue, startWorker, workerOptions } from "@/server/worker/start-worker";

async function main() {
  const config = buildRuntimeConfig(parseEnv(process.env));
  const log = createLogger({ level: config.logLevel, name: "switchyard-worker" });
  await migrateQueue(config.databaseUrl);
  const runner = await startWorker(workerOptions(config, log));
  log.info({ concurrency: config.workerConcurrency }, "worker started");
  const stop = async () => {
    await runner.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  await runner.promise;
}

main().catch((error: unknown) => {
  process.stderr.write(`[switchyard-worker] ${error instanceof EnvError ? error.message : `Could not start: ${(error as Error).message}`}\n`);
  process.exit(1);
});
