/** What the ingest needs from its process: settings (from server/env.ts) and, for sync flows, a runtime. */
import { env, maxBlobBytes, publicUrlOf, webhookSettings } from "@/server/env";
import { logger, type Logger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import type { ActionInvoker } from "@/server/runtime/run-states";
import { createRuntime, type Runtime } from "@/server/runtime/runtime";

export interface IngestOptions {
  /** Origin providers call; the URL a verifier sees is rebuilt on it (Twilio signs the URL). */
  publicUrl: string;
  maxBodyBytes: number;
  rateLimit: { perSecond: number; burst: number };
  /** Runs synchronous flows inline in this process; without one a sync answer waits for a worker's run. */
  runtime?: Runtime;
  /** Retry-After sent while an instance is paused (and not buffering) or deploying. */
  unavailableRetryAfterSeconds?: number;
  now?: () => Date;
  log?: Logger;
}

let webActionInvoker: ActionInvoker | undefined;
let webRuntime: Runtime | undefined;

/** Replaces the web process's action invoker for synchronous flows (tests use their own actions). */
export function useWebActionInvoker(invoker: ActionInvoker | undefined): void {
  webActionInvoker = invoker;
  webRuntime = undefined;
}

/**
 * The same connector invoker the worker builds (server/worker/start-worker.ts workerOptions),
 * from the web process's environment: with the sandbox on, flows may call this app's own origin.
 */
function defaultWebActionInvoker(): ActionInvoker {
  const e = env();
  const own = new URL(publicUrlOf(e));
  const alwaysAllow = e.SANDBOX_ENABLED ? [own.origin, `http://127.0.0.1:${own.port || (own.protocol === "https:" ? 443 : 80)}`] : [];
  return createActionInvoker({ log: logger(), alwaysAllow, maxBlobBytes: maxBlobBytes(e) });
}

/** The web process's options: settings from the environment, read on first use. */
export function webIngestOptions(): IngestOptions {
  webRuntime ??= createRuntime({ leaseMs: env().EXECUTION_LEASE_SECONDS * 1000, actionInvoker: (webActionInvoker ??= defaultWebActionInvoker()) });
  return { ...webhookSettings(), runtime: webRuntime };
}
