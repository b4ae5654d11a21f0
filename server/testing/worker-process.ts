/**
 * A worker in its own process, for tests that kill workers with SIGKILL. Its one action,
 * `sink.record`, posts the step's idempotency key to SINK_URL so the test can count effects.
 */
import { useEncryptionKey } from "@/server/crypto/keyring";
import { createLogger } from "@/server/logger";
import { startWorker } from "@/server/worker/start-worker";
import { useRuntimeConfig } from "@/server/env";
import { testRuntimeConfig, TEST_ENCRYPTION_KEY } from "./factories";

const databaseUrl = process.argv[2];
const sinkUrl = process.argv[3];
const leaseMs = Number(process.argv[4] ?? 2000);

useEncryptionKey(TEST_ENCRYPTION_KEY);
useRuntimeConfig(testRuntimeConfig(databaseUrl));
await startWorker({
  databaseUrl,
  concurrency: 2,
  log: createLogger({ level: "silent" }),
  executionLeaseMs: leaseMs,
  actionInvoker: () => async (request) => {
    const response = await fetch(sinkUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "idempotency-key": request.idempotencyKey },
      body: JSON.stringify({ state: request.stateName, parameters: request.parameters }),
      signal: request.signal,
    });
    return { status: response.status };
  },
});
process.stdout.write("worker ready\n");
