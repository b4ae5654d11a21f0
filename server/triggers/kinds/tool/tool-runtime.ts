/**
 * The runtime tool calls run on in the web process: the web process's action invoker, watched for
 * the HTTP status of an action that fails. The caller's answer says whose problem a failure is (a
 * 401 or 403 is the connection's, another status the provider's), and some connectors carry the
 * status only on the error they throw: Slack answers 200 with `ok: false, error: "invalid_auth"`,
 * which its connector raises as a 401 whose message has no status in it. Its own runtime (and so
 * its own store) because the web runtime's invoker is not ours to wrap; its claims and commits are
 * batched like the web runtime's.
 */
import { isHttpError } from "@/server/connectors/http/http-errors";
import { env } from "@/server/env";
import type { ActionInvoker } from "@/server/runtime/run-states";
import { createRuntime, type Runtime } from "@/server/runtime/runtime";
import { currentWebActionInvoker } from "@/server/runtime/web-runtime";
import { emitEvent } from "../event/emit-event";

/** The executions whose calls are waiting for their answer here, with the status their last failing action met. */
const watched = new Map<string, { status?: number }>();
let built: { base: ActionInvoker; runtime: Runtime } | undefined;

function notingFailedStatus(base: ActionInvoker): ActionInvoker {
  return (run) => {
    const invoke = base(run);
    return async (request) => {
      try {
        return await invoke(request);
      } catch (error) {
        const note = watched.get(run.executionId);
        if (note) note.status = isHttpError(error) ? error.status : undefined;
        throw error;
      }
    };
  };
}

/** Built on first use, and again when the web process's invoker is replaced (tests use their own actions). */
export function toolRuntime(): Runtime {
  const base = currentWebActionInvoker();
  if (built?.base !== base)
    built = { base, runtime: createRuntime({ leaseMs: env().EXECUTION_LEASE_SECONDS * 1000, actionInvoker: notingFailedStatus(base), emitEvent }) };
  return built.runtime;
}

/** Runs `call` (the execution's inline run) and answers its result with the HTTP status of the action that failed in it, if one did. */
export async function withFailedStatus<T>(executionId: string, call: () => Promise<T>): Promise<{ result: T; failedStatus?: number }> {
  const note: { status?: number } = {};
  watched.set(executionId, note);
  try {
    const result = await call();
    return { result, failedStatus: note.status };
  } finally {
    watched.delete(executionId);
  }
}
