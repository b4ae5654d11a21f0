import { stateMachineSchema, type StateMachine } from "@/server/engine/definition.schema";
import { runToCompletion, type RunResult, type RunToCompletionArgs } from "@/server/engine/run-to-completion";
import { DEFAULT_LIMITS, buildExecutionContext, type EngineDeps, type EngineLimits, type InvokeActionRequest } from "@/server/engine/step-outcome";

/**
 * Fixtures shared by the engine's tests (and usable by the runner's): deterministic deps whose
 * actions are plain functions keyed by state name, a clock that can be advanced, and no real sleeping.
 */

export type LocalAction = (parameters: unknown, request: InvokeActionRequest) => unknown;

export interface TestDeps extends EngineDeps {
  /** Every action call, in order. */
  calls: InvokeActionRequest[];
  /** Every in-process sleep requested, in ms. */
  sleeps: number[];
}

export function createTestDeps(
  options: { actions?: Record<string, LocalAction>; limits?: Partial<EngineLimits>; now?: Date; random?: () => number } = {},
): TestDeps {
  let clock = (options.now ?? new Date("2026-01-01T00:00:00Z")).getTime();
  const calls: InvokeActionRequest[] = [];
  const sleeps: number[] = [];
  return {
    calls,
    sleeps,
    async invokeAction(request) {
      calls.push(request);
      const action = options.actions?.[request.stateName] ?? options.actions?.[request.action];
      if (!action) throw new Error(`no test action for state ${request.stateName} (${request.action})`);
      return action(request.parameters, request);
    },
    now: () => new Date(clock),
    random: options.random ?? (() => 0.5),
    uuid: () => "00000000-0000-4000-8000-000000000000",
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    // Advancing the fake clock keeps Wait arithmetic honest without slowing the suite down.
    async sleep(ms, signal) {
      signal?.throwIfAborted();
      sleeps.push(ms);
      clock += ms;
    },
  };
}

export function parseMachine(definition: unknown): StateMachine {
  return stateMachineSchema.parse(definition);
}

/** Parses and runs a definition in memory with test deps. */
export async function runDefinition(
  definition: unknown,
  input: unknown,
  deps: EngineDeps = createTestDeps(),
  extra: Partial<Omit<RunToCompletionArgs, "machine" | "input" | "deps">> = {},
): Promise<RunResult> {
  const context = extra.context ?? buildExecutionContext({ id: "exec-1", input, startTime: deps.now(), name: "test-execution" });
  return runToCompletion({ machine: parseMachine(definition), input, deps, ...extra, context });
}
