/**
 * One runtime per process (the worker, or the web process for synchronous flows): its store, whose
 * group committers batch the claims and commits of every execution the process runs at once, and
 * its action invoker (connector actions, with the platform's own `switchyard.*` actions beside them).
 */
import type { EngineLimits } from "@/server/engine/step-outcome";
import { withPlatformActions } from "./platform-actions";
import { PostgresExecutionStore } from "./postgres-store";
import { runExecution, type ActionInvoker, type RunOptions, type RunResult } from "./run-states";

export interface RuntimeOptions {
  /** How long an execution stays with a runner that stopped renewing it (a dead process). */
  leaseMs: number;
  actionInvoker: ActionInvoker;
  limits?: EngineLimits;
}

export interface Runtime {
  readonly store: PostgresExecutionStore;
  run(executionId: string, options?: Pick<RunOptions, "leasedBy" | "handBack" | "batchPureSteps">): Promise<RunResult>;
}

export function createRuntime(options: RuntimeOptions): Runtime {
  const store = new PostgresExecutionStore({ leaseMs: options.leaseMs });
  const invoker = withPlatformActions(options.actionInvoker);
  return {
    store,
    run: (executionId, runOptions = {}) => runExecution(executionId, { store, invoker, limits: options.limits, ...runOptions }),
  };
}
