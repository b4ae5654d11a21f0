/**
 * The web process `npm start` runs (server/launcher/launch.ts): the Next.js app with webhooks
 * answered directly (server/web/web-server.ts), on HOST and PORT; `--dev` serves the app in
 * development mode.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "@/server/env";
import { parseTrustedProxies } from "@/server/web/client-address";
import { startWebServer } from "@/server/web/web-server";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dev = process.argv.includes("--dev");
const { HOST: host, PORT: port, TRUSTED_PROXIES: trustedProxies } = parseEnv(process.env);

startWebServer({ root, dev, host, port, trustedProxies: parseTrustedProxies(trustedProxies) }).then(
  () => process.stdout.write(`▲ Switchyard web server ready on http://${host}:${port}${dev ? " (development)" : ""}\n`),
  (error: unknown) => {
    process.stderr.write(`[switchyard] The web server could not start: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
