/**
 * The web process's runtime: synchronous flows run inline by the ingest, and the flow runner route
 * (`POST /api/runner`) for hosts without a worker. Built on first use from the web process's
 * environment, with the same connector invoker a worker builds (server/worker/start-worker.ts), and
 * the `emitEvent` its callers hand in (the event kind's, which this folder does not import).
 */
import { env, maxBlobBytes, publicUrlOf } from "@/server/env";
import { logger } from "@/server/logger";
import { sandboxAllowances } from "@/server/sandbox/config";
import { createActionInvoker } from "./action-invoker";
import type { ActionInvoker } from "./run-states";
import type { EmitEvent } from "./platform-actions";
import { createRuntime, type Runtime } from "./runtime";

let webActionInvoker: ActionInvoker | undefined;
let runtime: Runtime | undefined;

/** Replaces the web process's action invoker (tests use their own actions). */
export function useWebActionInvoker(invoker: ActionInvoker | undefined): void {
  webActionInvoker = invoker;
  runtime = undefined;
}

/** With the sandbox on, flows may call this app's /sandbox/ routes (the simulated providers). */
export function webAlwaysAllow(): string[] {
  const e = env();
  return sandboxAllowances(publicUrlOf(e), (e.SANDBOX_ENABLED ?? "off") !== "off");
}

function defaultWebActionInvoker(): ActionInvoker {
  return createActionInvoker({ log: logger(), alwaysAllow: webAlwaysAllow(), maxBlobBytes: maxBlobBytes() });
}

/** The action invoker the web runtime runs with (tool calls run on their own runtime with it: server/triggers/kinds/tool/tool-runtime.ts). */
export function currentWebActionInvoker(): ActionInvoker {
  return (webActionInvoker ??= defaultWebActionInvoker());
}

export function webRuntime(emitEvent: EmitEvent): Runtime {
  runtime ??= createRuntime({ leaseMs: env().EXECUTION_LEASE_SECONDS * 1000, actionInvoker: currentWebActionInvoker(), emitEvent });
  return runtime;
}
