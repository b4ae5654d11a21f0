/**
 * The web process `npm start` runs (server/launcher/launch.ts): the Next.js app with webhooks
 * answered directly (server/web/web-server.ts), on HOST and PORT; `--dev` serves the app in
 * development mode.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv, tracingSettings } from "@/server/env";
import { logger } from "@/server/logger";
import { flushMetrics } from "@/server/telemetry/metric-counts";
import { startTracing, stopTracing } from "@/server/telemetry/start-tracing";
import { parseTrustedProxies } from "@/server/http/client-address";
import { startWebServer } from "@/server/web/web-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const e = parseEnv(process.env);
const { HOST: host, PORT: port, TRUSTED_PROXIES: trustedProxies } = e;

// Counts and spans not yet sent go out before the process ends (the launcher stops it with SIGTERM).
const stop = () => {
  setTimeout(() => process.exit(0), 5000).unref();
  void Promise.all([flushMetrics(), stopTracing()]).finally(() => process.exit(0));
};
process.once("SIGTERM", stop);
process.once("SIGINT", stop);

startTracing(tracingSettings(e), { role: "web", log: logger() })
  .then(() => startWebServer({ root, dev, host, port, trustedProxies: parseTrustedProxies(trustedProxies) }))
  .then(
    () => process.stdout.write(`▲ Switchyard web server ready on http://${host}:${port}${dev ? " (development)" : ""}\n`),
    (error: unknown) => {
      process.stderr.write(`[switchyard] The web server could not start: ${(error as Error).message}\n`);
      process.exit(1);
    },
  );
