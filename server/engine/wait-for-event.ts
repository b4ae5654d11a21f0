import { isDeepStrictEqual } from "node:util";

import type { EventMatch, StateMachine, WaitForEventState } from "@/server/engine/definition.schema";
import { ErrorNames, StatesError } from "@/server/engine/errors";
import { evaluatePath, isDefinitePath } from "@/server/engine/paths";
import { advance, catchOrFail, getState, shapeOutput, stateContext } from "@/server/engine/state-io";
import type { EngineDeps, ExecutionContext, StepOutcome } from "@/server/engine/step-outcome";

/**
 * WaitForEvent parks an execution until an event of the same instance matches. runState returns
 * the `waitForEvent` outcome; the runner stores it, tests each new event with `eventMatches`, and
 * finishes the state with `resumeWaitForEvent` (or `timeoutWaitForEvent` once `timeoutAt` passes).
 */

/** Every JSONPath of `matches` must yield one of its listed values (any of them, for a wildcard path). */
export function eventMatches(matches: EventMatch, event: unknown): boolean {
  return Object.entries(matches).every(([path, expected]) => {
    const allowed = Array.isArray(expected) ? expected : [expected];
    const found = evaluatePath(path, event, undefined);
    if (found === undefined) return false;
    const candidates = isDefinitePath(path) ? [found] : (found as unknown[]);
    return candidates.some((value) => allowed.some((option) => isDeepStrictEqual(value, option)));
  });
}

export interface WaitForEventResume {
  machine: StateMachine;
  stateName: string;
  /** `stateInput` from the waitForEvent outcome. */
  stateInput: unknown;
  context: ExecutionContext;
  /** When the state was entered, for `$$.State.EnteredTime` in ResultSelector. */
  enteredTime?: Date;
  deps: EngineDeps;
}

/** The parked state, or the fail outcome when the definition no longer holds it (a bug in the caller). */
function waitForEventState(machine: StateMachine, stateName: string): WaitForEventState | StepOutcome {
  const state = Object.hasOwn(machine.States, stateName) ? getState(machine, stateName) : undefined;
  if (state?.Type === "WaitForEvent") return state;
  return { kind: "fail", error: ErrorNames.Runtime, cause: `state "${stateName}" is not a WaitForEvent state of this machine` };
}

/** The matching event is the state's result: ResultSelector → ResultPath (into the state input) → OutputPath. */
export function resumeWaitForEvent(args: WaitForEventResume & { event: unknown }): StepOutcome {
  const state = waitForEventState(args.machine, args.stateName);
  if ("kind" in state) return state;
  const context = stateContext(args.context, args.stateName, args.enteredTime ?? args.deps.now(), 0);
  try {
    return advance(state, shapeOutput(state, args.stateInput, args.event, context, args.deps), args.deps);
  } catch (error) {
    return catchOrFail(state, args.stateInput, error);
  }
}

/** No matching event in time: States.Timeout, which the state's Catch may handle. */
export function timeoutWaitForEvent(args: Omit<WaitForEventResume, "context" | "enteredTime" | "deps">): StepOutcome {
  const state = waitForEventState(args.machine, args.stateName);
  if ("kind" in state) return state;
  const error = new StatesError(ErrorNames.Timeout, `no matching event arrived within ${state.TimeoutSeconds ?? 0} s`);
  return catchOrFail(state, args.stateInput, error);
}
