import { executeAction } from "@/server/engine/action-state";
import { executeMap, executeParallel } from "@/server/engine/branch-states";
import { chooseNext } from "@/server/engine/choice";
import type { FailState, State, WaitState } from "@/server/engine/definition.schema";
import { ErrorNames, isPlatformCondition, ReconnectRequiredError, StatesError, toStatesError } from "@/server/engine/errors";
import { evaluateIntrinsic } from "@/server/engine/intrinsics";
import { queryPath, selectPath, type ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import { planRetry } from "@/server/engine/retry";
import { advance, catchOrFail, checkPayloadSize, effectiveInput, getState, shapeOutput, stateContext } from "@/server/engine/state-io";
import type { BranchRunner, EngineDeps, RunStateArgs, StepOutcome } from "@/server/engine/step-outcome";

/**
 * Runs one state once and says what happens next. It never sleeps and never stores anything:
 * the caller (the durable runner, or runToCompletion) commits the outcome and acts on it, so a
 * crash between two states resumes from the last committed outcome. Retry and Catch are decided
 * here; Map and Parallel run their branches in-process inside this one step.
 */
export async function interpretState(args: RunStateArgs, runBranch: BranchRunner): Promise<StepOutcome> {
  const { machine, stateName, input, deps } = args;
  let state: State;
  try {
    state = getState(machine, stateName);
    checkPayloadSize(input, "the state input", deps);
  } catch (error) {
    const failure = toStatesError(error);
    return { kind: "fail", error: failure.name, cause: failure.cause };
  }
  const retryCount = args.retryCount ?? 0;
  const context = stateContext(args.context, stateName, args.enteredTime ?? deps.now(), retryCount);
  try {
    return await executeState(state, args, context, runBranch);
  } catch (thrown) {
    if (isPlatformCondition(thrown)) throw thrown;
    // Only the customer can fix a connection: no retrier or catcher should spend the state on it.
    if (thrown instanceof ReconnectRequiredError) return { kind: "waitForReconnect", connection: thrown.connection, reason: thrown.reason };
    const error = toStatesError(thrown);
    if ("Retry" in state) {
      // A runner that stored only the retry count gets it attributed to the retrier that matches now.
      const attempts = args.retrierAttempts ?? (state.Retry ?? []).map(() => retryCount);
      const plan = planRetry(state.Retry, error, attempts, deps.random);
      if (plan) return { kind: "retry", delayMs: plan.delayMs, error: error.name, cause: error.cause, retrierAttempts: plan.retrierAttempts };
    }
    return catchOrFail(state, input, error);
  }
}

/** `${executionId}:${stateName}:${attempt}`; loops (visit > 0) and branches add what keeps keys unique. */
export function idempotencyKeyFor(args: Pick<RunStateArgs, "stateName" | "retryCount" | "visit" | "branchPath">, executionId: string): string {
  const visit = args.visit ? `#${args.visit}` : "";
  return `${executionId}:${args.branchPath ?? ""}${args.stateName}${visit}:${args.retryCount ?? 0}`;
}

async function executeState(state: State, args: RunStateArgs, context: ContextObject, runBranch: BranchRunner): Promise<StepOutcome> {
  const { input: rawInput, deps } = args;
  switch (state.Type) {
    case "Action": {
      const idempotencyKey = idempotencyKeyFor(args, context.Execution.Id);
      const output = await executeAction({ state, stateName: args.stateName, rawInput, context, idempotencyKey, signal: args.signal, deps });
      return advance(state, output, deps);
    }
    case "Pass": {
      const effective = effectiveInput(state, rawInput, context);
      const result =
        state.Result !== undefined ? state.Result : state.Parameters ? resolveTemplate(state.Parameters, effective, context, deps, "Parameters") : effective;
      return advance(state, shapeOutput(state, rawInput, result, context, deps), deps);
    }
    case "Choice": {
      const effective = effectiveInput(state, rawInput, context);
      const next = chooseNext(state, effective, context);
      const output = selectPath(state.OutputPath, effective, context, "OutputPath");
      checkPayloadSize(output, "the state output", deps);
      return { kind: "next", next, output };
    }
    case "Succeed": {
      const output = selectPath(state.OutputPath, effectiveInput(state, rawInput, context), context, "OutputPath");
      checkPayloadSize(output, "the state output", deps);
      return { kind: "succeed", output };
    }
    case "Fail":
      return failOutcome(state, rawInput, context, deps);
    case "Wait": {
      const effective = effectiveInput(state, rawInput, context);
      const until = waitUntil(state, effective, context, deps);
      const output = selectPath(state.OutputPath, effective, context, "OutputPath");
      checkPayloadSize(output, "the state output", deps);
      return state.Next !== undefined ? { kind: "wait", until, next: state.Next, end: false, output } : { kind: "wait", until, end: true, output };
    }
    case "WaitForEvent": {
      const timeoutAt = state.TimeoutSeconds !== undefined ? new Date(deps.now().getTime() + state.TimeoutSeconds * 1000) : undefined;
      return { kind: "waitForEvent", matches: state.Matches, stateInput: rawInput, ...(timeoutAt ? { timeoutAt } : {}) };
    }
    case "Map":
    case "Parallel": {
      const branches = {
        stateName: args.stateName,
        rawInput,
        context,
        signal: args.signal,
        branchPath: args.branchPath ?? "",
        deps,
        runBranch,
      };
      const output = state.Type === "Map" ? await executeMap({ state, ...branches }) : await executeParallel({ state, ...branches });
      return advance(state, output, deps);
    }
  }
}

function waitUntil(state: WaitState, effective: unknown, context: ContextObject, deps: EngineDeps): Date {
  const now = deps.now().getTime();
  if (state.Seconds !== undefined) return new Date(now + state.Seconds * 1000);
  if (state.Timestamp !== undefined) return new Date(state.Timestamp);
  if (state.SecondsPath !== undefined) {
    const seconds = queryPath(state.SecondsPath, effective, context, "SecondsPath");
    if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
      throw new StatesError(ErrorNames.Runtime, `SecondsPath ${state.SecondsPath} must point to a non-negative number, got ${JSON.stringify(seconds)}`);
    }
    return new Date(now + seconds * 1000);
  }
  const timestamp = queryPath(state.TimestampPath as string, effective, context, "TimestampPath");
  const time = typeof timestamp === "string" && /^\d{4}-\d{2}-\d{2}T/.test(timestamp) ? Date.parse(timestamp) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new StatesError(ErrorNames.Runtime, `TimestampPath ${state.TimestampPath} must point to an RFC 3339 timestamp, got ${JSON.stringify(timestamp)}`);
  }
  return new Date(time);
}

/** ErrorPath/CausePath read the raw input (Fail has no InputPath) and may also be intrinsic calls. */
function failOutcome(state: FailState, rawInput: unknown, context: ContextObject, deps: EngineDeps): StepOutcome {
  const read = (expression: string, field: string) => {
    const value = expression.startsWith("$") ? queryPath(expression, rawInput, context, field) : evaluateIntrinsic(expression, rawInput, context, deps);
    if (typeof value !== "string") throw new StatesError(ErrorNames.Runtime, `${field} ${expression} must yield a string, got ${JSON.stringify(value)}`);
    return value;
  };
  // An unnamed Fail has an empty error name, as AWS reports no name at all.
  const error = state.ErrorPath !== undefined ? read(state.ErrorPath, "ErrorPath") : (state.Error ?? "");
  const cause = state.CausePath !== undefined ? read(state.CausePath, "CausePath") : (state.Cause ?? "");
  return { kind: "fail", error, cause };
}
