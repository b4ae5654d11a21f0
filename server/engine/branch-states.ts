import type { MapState, ParallelState, StateMachine } from "@/server/engine/definition.schema";
import { ErrorNames, StatesError } from "@/server/engine/errors";
import { queryPath, type ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import { effectiveInput, shapeOutput } from "@/server/engine/state-io";
import type { BranchRunner, EngineDeps, ExecutionContext } from "@/server/engine/step-outcome";

/**
 * Map and Parallel run every branch in memory inside the one step (runToCompletion), so the
 * durable runner commits the whole state as one step run. The first branch to fail aborts its
 * siblings and fails the state with that branch's error, as AWS does.
 */

interface BranchCall<S> {
  state: S;
  stateName: string;
  rawInput: unknown;
  context: ContextObject;
  signal?: AbortSignal;
  branchPath: string;
  deps: EngineDeps;
  /** runToCompletion, handed down (step-outcome.ts `BranchRunner`). */
  runBranch: BranchRunner;
}

/** Branches see the execution's context, not the parent's State or Map item. */
function branchContext(context: ContextObject): ExecutionContext {
  const { State: _state, Map: _map, ...execution } = context;
  return execution;
}

/** Runs `count` tasks, at most `maxConcurrency` at once (0 = all), in order; the first failure aborts the rest. */
async function runBounded<T>(
  count: number,
  maxConcurrency: number,
  parent: AbortSignal | undefined,
  task: (index: number, signal: AbortSignal) => Promise<T>,
): Promise<T[]> {
  const controller = new AbortController();
  const abortFromParent = () => controller.abort(parent?.reason);
  parent?.addEventListener("abort", abortFromParent, { once: true });
  if (parent?.aborted) abortFromParent();
  const results = new Array<T>(count);
  let nextIndex = 0;
  const worker = async () => {
    while (nextIndex < count && !controller.signal.aborted) {
      const index = nextIndex++;
      results[index] = await task(index, controller.signal);
    }
  };
  // The first failure in time is the one reported; siblings then fail only because they were cancelled.
  let firstFailure: { error: unknown } | undefined;
  const workers = Array.from({ length: Math.min(count, maxConcurrency > 0 ? maxConcurrency : count) }, () =>
    worker().catch((error: unknown) => {
      firstFailure ??= { error };
      controller.abort(new StatesError(ErrorNames.BranchFailed, "cancelled because another branch failed"));
    }),
  );
  try {
    await Promise.all(workers);
    if (firstFailure) throw firstFailure.error;
    if (parent?.aborted) throw parent.reason;
    return results;
  } finally {
    parent?.removeEventListener("abort", abortFromParent);
  }
}

async function runBranch(machine: StateMachine, input: unknown, call: BranchCall<unknown>, branchPath: string, signal: AbortSignal): Promise<unknown> {
  const result = await call.runBranch({ machine, input, context: branchContext(call.context), deps: call.deps, signal, inBranch: true, branchPath });
  if (result.status === "failed") {
    throw new StatesError(result.error === "" ? ErrorNames.BranchFailed : result.error, result.cause);
  }
  return result.output;
}

export async function executeMap(call: BranchCall<MapState>): Promise<unknown> {
  const { state, rawInput, context, deps } = call;
  const effective = effectiveInput(state, rawInput, context);
  const items = state.ItemsPath !== undefined ? queryPath(state.ItemsPath, effective, context, "ItemsPath") : effective;
  if (!Array.isArray(items)) {
    throw new StatesError(
      ErrorNames.Runtime,
      `the Map state's items (ItemsPath ${state.ItemsPath ?? "$"}) must be a JSON array, got ${items === null ? "null" : typeof items}`,
    );
  }
  if (items.length > deps.limits.maxMapItems) {
    throw new StatesError(ErrorNames.MapItemsLimitExceeded, `the Map state got ${items.length} items, over the limit of ${deps.limits.maxMapItems}`);
  }
  const selector = state.ItemSelector ?? state.Parameters;
  const inputs = items.map((value, index) => {
    if (!selector) return value;
    // $$.Map.Item exists only while the ItemSelector is evaluated, as in AWS.
    const itemContext: ContextObject = { ...context, Map: { Item: { Index: index, Value: value } } };
    return resolveTemplate(selector, effective, itemContext, deps, state.ItemSelector ? "ItemSelector" : "Parameters");
  });
  const results = await runBounded(inputs.length, state.MaxConcurrency ?? 0, call.signal, (index, signal) =>
    runBranch(state.ItemProcessor, inputs[index], call, `${call.branchPath}${call.stateName}[${index}]/`, signal),
  );
  return shapeOutput(state, rawInput, results, context, deps);
}

export async function executeParallel(call: BranchCall<ParallelState>): Promise<unknown> {
  const { state, rawInput, context, deps } = call;
  const effective = effectiveInput(state, rawInput, context);
  const input = state.Parameters ? resolveTemplate(state.Parameters, effective, context, deps, "Parameters") : effective;
  const results = await runBounded(state.Branches.length, 0, call.signal, (index, signal) =>
    runBranch(state.Branches[index], input, call, `${call.branchPath}${call.stateName}#${index}/`, signal),
  );
  return shapeOutput(state, rawInput, results, context, deps);
}
