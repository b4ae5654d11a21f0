/** An in-process worker on the test database, with the action invoker a test chooses. */
import { inject } from "vitest";
import { createLogger } from "@/server/logger";
import type { ActionInvoker } from "@/server/runtime/run-states";
import { startWorker } from "@/server/worker/start-worker";

export function startTestWorker(options: { actionInvoker: ActionInvoker; leaseMs?: number; concurrency?: number; databaseUrl?: string }) {
  return startWorker({
    databaseUrl: options.databaseUrl ?? inject("databaseUrl"),
    concurrency: options.concurrency ?? 4,
    log: createLogger({ level: "silent" }),
    executionLeaseMs: options.leaseMs ?? 5_000,
    actionInvoker: options.actionInvoker,
  });
}

export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
