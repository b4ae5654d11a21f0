/**
 * One runtime per process (the worker, or the web process for synchronous flows): its store, whose
 * group committers batch the claims and commits of every execution the process runs at once, and
 * its action invoker (connector actions, with the platform's own `switchyard.*` actions beside them).
 */
import type { EngineLimits } from "@/server/engine/step-outcome";
import { withPlatformActions, type EmitEvent } from "./platform-actions";
import { requeueExecution } from "./recovery.repo";
import { PostgresExecutionStore } from "./postgres-store";
import { runExecution, type ActionInvoker, type RunOptions, type RunResult } from "./run-states";

export interface RuntimeOptions {
  /** How long an execution stays with a runner that stopped renewing it (a dead process). */
  leaseMs: number;
  actionInvoker: ActionInvoker;
  /** `switchyard.emitEvent`: the event kind's `emitEvent` (server/triggers/kinds/event/emit-event.ts). */
  emitEvent: EmitEvent;
  limits?: EngineLimits;
}

export interface Runtime {
  readonly store: PostgresExecutionStore;
  /** Runs the execution; one handed back (`handBack`) goes back to the queue. */
  run(executionId: string, options?: Pick<RunOptions, "leasedBy" | "concurrencyKey" | "handBack" | "batchPureSteps">): Promise<RunResult>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const store = new PostgresExecutionStore({ leaseMs: options.leaseMs });
  const invoker = withPlatformActions(options.actionInvoker, options.emitEvent);
  return {
    store,
    async run(executionId, runOptions = {}) {
      const result = await runExecution(executionId, { store, invoker, limits: options.limits, ...runOptions });
      // Handed back at a committed step (a synchronous run past its timeout, a bounded runner out of
      // time): the queue has it again, for a worker or the next runner call to finish.
      if (result.kind === "stopped" && result.handedBack) await requeueExecution(executionId);
      return result;
    },
  };
}
