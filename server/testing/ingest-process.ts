/**
 * The web process's ingest in its own process, for tests that kill it with SIGKILL: a plain
 * node http server answering webhooks on the same direct path the web server uses
 * (server/triggers/ingest/node-hook.ts). Prints its port when ready. Exports traces when the test
 * gives an OTLP endpoint (OTEL_EXPORTER_OTLP_ENDPOINT), as the web process does.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { useDatabase } from "@/server/db/client";
import { parseEnv, tracingSettings } from "@/server/env";
import { startTracing } from "@/server/telemetry/start-tracing";
import { hookTokenOf, serveHook } from "@/server/triggers/ingest/node-hook";
import { TEST_ENCRYPTION_KEY } from "./factories";

useDatabase(process.argv[2]);
useEncryptionKey(TEST_ENCRYPTION_KEY);
await startTracing(tracingSettings(parseEnv(process.env)), { role: "web" });

const server = http.createServer((req, res) => {
  const token = hookTokenOf(req.url);
  if (token === null) {
    res.writeHead(404).end();
    return;
  }
  serveHook(req, res, token).catch((error: unknown) => res.writeHead(500).end(String(error)));
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`ingest ready ${(server.address() as AddressInfo).port}\n`));
