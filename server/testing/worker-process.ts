/**
 * A worker in its own process, for tests that kill workers with SIGKILL or take its database
 * away. Usage: `worker-process.ts <databaseUrl> <sinkUrl | connectors> [leaseMs] [concurrency]`.
 * With a sink URL its one action, `sink.record`, posts the step's idempotency key there so the
 * test can count effects; with `connectors` flows run the product's own action invoker (connector
 * actions, the organization's network allow-list). Set LOG_LEVEL to see the worker's log on stderr.
 */
import { useEncryptionKey } from "@/server/crypto/keyring";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import pino from "pino";
import { createLogger } from "@/server/logger";
import { startWorker } from "@/server/worker/start-worker";
import type { ActionInvoker } from "@/server/runtime/run-states";
import { useRuntimeConfig } from "@/server/env";
import { testRuntimeConfig, TEST_ENCRYPTION_KEY } from "./factories";

const databaseUrl = process.argv[2];
const sinkUrl = process.argv[3];
const leaseMs = Number(process.argv[4] ?? 2000);
const concurrency = Number(process.argv[5] ?? 2);
const log = createLogger({ level: process.env.LOG_LEVEL ?? "silent", destination: pino.destination(2) });

const sinkInvoker: ActionInvoker = () => async (request) => {
  const response = await fetch(sinkUrl, {
    method: "POST",
    headers: { "content-type": "application/json", "idempotency-key": request.idempotencyKey },
    body: JSON.stringify({ state: request.stateName, parameters: request.parameters }),
    signal: request.signal,
  });
  return { status: response.status };
};

useEncryptionKey(TEST_ENCRYPTION_KEY);
useRuntimeConfig(testRuntimeConfig(databaseUrl));
const worker = await startWorker({
  databaseUrl,
  concurrency,
  log,
  executionLeaseMs: leaseMs,
  actionInvoker: sinkUrl === "connectors" ? createActionInvoker({ log, alwaysAllow: [] }) : sinkInvoker,
});
// As `npm run worker` does: a runner that gives up ends the process, visibly.
worker.promise.then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`worker stopped: ${error.message}\n`);
    process.exit(1);
  },
);
process.stdout.write("worker ready\n");
