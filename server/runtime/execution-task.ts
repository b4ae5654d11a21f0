/**
 * The `execution:run` task: runs one execution durably until it finishes or parks. graphile-worker
 * delivers the job; the execution's own lease (renewed while running) is what lets another worker
 * take over when this one dies.
 */
import type { Task } from "graphile-worker";
import { runExecution } from "@/server/engine/durable-runner";
import { DEFAULT_LIMITS, type EngineDeps } from "@/server/engine/step-outcome";
import { PostgresExecutionStore } from "@/server/modules/executions/postgres-execution-store";

export type ActionInvokerFactory = (store: PostgresExecutionStore, executionId: string) => EngineDeps["invokeAction"];

export interface ExecutionTaskOptions {
  leaseMs: number;
  actionInvoker: ActionInvokerFactory;
  limits?: EngineDeps["limits"];
}

export function engineDeps(invokeAction: EngineDeps["invokeAction"], limits = DEFAULT_LIMITS): EngineDeps {
  return { invokeAction, now: () => new Date(), random: Math.random, limits };
}

export function runExecutionTask(options: ExecutionTaskOptions): Task {
  return async (payload) => {
    const { executionId } = payload as { executionId: string };
    const store = new PostgresExecutionStore();
    await runExecution(executionId, {
      store,
      leaseMs: options.leaseMs,
      deps: engineDeps(options.actionInvoker(store, executionId), options.limits),
    });
  };
}
