/**
 * Synchronous flows (`trigger.sync`): the web process runs the execution it just committed and
 * answers with the flow's output. The execution is queued like any other (its job committed with
 * the event), so nothing depends on this process surviving: a worker that picks the job while
 * this process holds the lease simply finds it taken, and a run that passes the timeout is handed
 * back to the queue at its next committed step for a worker to finish.
 */
import type { HookAnswer } from "@/server/http/hook-http";
import { findExecution } from "@/server/modules/executions/executions.repo";
import { removeExecutionRun } from "@/server/modules/executions/queue.repo";
import type { Runtime } from "./runtime";

export interface SyncRunOptions {
  timeoutMs: number;
  /** Runs the flow in this process; without one, the answer waits for a worker's run. */
  runtime?: Runtime;
  onError?: (error: unknown) => void;
}

export type SyncResult = { kind: "finished"; status: "succeeded" | "failed" | "cancelled"; output: unknown; error: unknown } | { kind: "timeout" };

const sleep = (ms: number) => new Promise<null>((resolve) => setTimeout(() => resolve(null), ms));

async function runInline(runtime: Runtime, executionId: string, deadline: number, onError?: (error: unknown) => void): Promise<SyncResult | null> {
  const result = await runtime.run(executionId, { leasedBy: `web:${process.pid}`, handBack: () => Date.now() >= deadline });
  if (result.kind !== "succeeded" && result.kind !== "failed") return null;
  // Its job (due at the timeout, for a worker to finish what this process might not) has nothing
  // left to do; dropping it is not part of the answer, so it is not waited for.
  void removeExecutionRun(undefined, executionId).catch((error: unknown) => onError?.(error));
  return result.kind === "succeeded"
    ? { kind: "finished", status: "succeeded", output: result.output, error: null }
    : { kind: "finished", status: "failed", output: null, error: result.error };
}

export async function runSynchronously(organizationId: string, executionId: string, options: SyncRunOptions): Promise<SyncResult> {
  const deadline = Date.now() + options.timeoutMs;
  if (options.runtime) {
    const inline = runInline(options.runtime, executionId, deadline, options.onError).catch((error: unknown) => {
      options.onError?.(error);
      return null;
    });
    const finished = await Promise.race([inline, sleep(options.timeoutMs)]);
    if (finished) return finished;
  }
  // The inline run parked, a worker had the execution, or time is up: the row says which. Poll
  // briefly for a worker's result while time remains.
  for (;;) {
    const execution = await findExecution(organizationId, executionId);
    if (execution && (execution.status === "succeeded" || execution.status === "failed" || execution.status === "cancelled")) {
      return { kind: "finished", status: execution.status, output: execution.output, error: execution.error };
    }
    const remaining = deadline - Date.now();
    if (remaining <= 0) return { kind: "timeout" };
    await sleep(Math.min(100, remaining));
  }
}

function isHttpShaped(output: unknown): output is { status: number; headers?: Record<string, unknown>; body?: unknown } {
  if (output === null || typeof output !== "object" || Array.isArray(output)) return false;
  const status = (output as { status?: unknown }).status;
  return typeof status === "number" && Number.isInteger(status) && status >= 200 && status <= 599;
}

/** The flow's `{ status, headers, body }` as the HTTP answer; any other output as JSON 200. */
export function responseFromOutput(output: unknown): HookAnswer {
  if (!isHttpShaped(output)) return { status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(output ?? null) };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(output.headers ?? {})) {
    if (typeof value === "string" || typeof value === "number") headers[name.toLowerCase()] = String(value);
  }
  const body = output.body;
  if (body === undefined || body === null || [204, 205, 304].includes(output.status)) return { status: output.status, headers, body: null };
  if (typeof body === "string") return { status: output.status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body };
  return { status: output.status, headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) };
}
