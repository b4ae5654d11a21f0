/** What the ingest needs from its process: settings (from server/env.ts) and, for sync flows, an action invoker. */
import { env, maxBlobBytes, publicUrlOf, webhookSettings } from "@/server/env";
import { logger, type Logger } from "@/server/logger";
import { createActionInvoker } from "@/server/modules/executions/action-invoker";
import { sandboxAllowances } from "@/server/sandbox/config";
import type { ActionInvokerFactory } from "@/server/worker/execution-task";

export interface IngestOptions {
  /** Origin providers call; the URL a verifier sees is rebuilt on it (Twilio signs the URL). */
  publicUrl: string;
  maxBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
  executionLeaseMs: number;
  /** Runs synchronous flows inline in this process; without one a sync answer waits for a worker's run. */
  actionInvoker?: ActionInvokerFactory;
  /** Retry-After sent while an instance is paused (and not buffering) or deploying. */
  unavailableRetryAfterSeconds?: number;
  now?: () => Date;
  log?: Logger;
}

let webActionInvoker: ActionInvokerFactory | undefined;

/** Replaces the web process's action invoker for synchronous flows (tests use their own actions). */
export function useWebActionInvoker(factory: ActionInvokerFactory | undefined): void {
  webActionInvoker = factory;
}

/**
 * The same connector invoker the worker builds (server/worker/start-worker.ts workerOptions),
 * from the web process's environment: with the sandbox on, flows may call this app's /sandbox/ routes.
 */
function defaultWebActionInvoker(): ActionInvokerFactory {
  const e = env();
  const alwaysAllow = sandboxAllowances(publicUrlOf(e), (e.SANDBOX_ENABLED ?? "off") !== "off");
  return createActionInvoker({ log: logger(), alwaysAllow, maxBlobBytes: maxBlobBytes(e) });
}

/** The web process's options: settings from the environment, read on first use. */
export function webIngestOptions(): IngestOptions {
  webActionInvoker ??= defaultWebActionInvoker();
  return { ...webhookSettings(), executionLeaseMs: env().EXECUTION_LEASE_SECONDS * 1000, actionInvoker: webActionInvoker };
}
