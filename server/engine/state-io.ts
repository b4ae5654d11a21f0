import type { State, StateMachine } from "@/server/engine/definition.schema";
import { ErrorNames, StatesError, errorOutput, toStatesError } from "@/server/engine/errors";
import { applyResultPath, selectPath, type ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import { findCatcher } from "@/server/engine/retry";
import type { EngineDeps, ExecutionContext, StepOutcome } from "@/server/engine/step-outcome";

/** The data-flow steps shared by every state type, and the Catch handling that follows a failure. */

export function payloadBytes(value: unknown): number {
  return value === undefined ? 0 : Buffer.byteLength(JSON.stringify(value), "utf8");
}

/** Refuses payloads over the limit before they are stored or sent to an action. */
export function checkPayloadSize(value: unknown, what: string, deps: EngineDeps): void {
  const bytes = payloadBytes(value);
  if (bytes > deps.limits.maxPayloadBytes) {
    throw new StatesError(ErrorNames.DataLimitExceeded, `${what} is ${bytes} bytes, over the ${deps.limits.maxPayloadBytes}-byte limit`);
  }
}

export function stateContext(context: ExecutionContext, stateName: string, enteredTime: Date, retryCount: number): ContextObject {
  return { ...context, State: { Name: stateName, EnteredTime: enteredTime.toISOString(), RetryCount: retryCount } };
}

type WithFields = { InputPath?: string | null; OutputPath?: string | null; ResultSelector?: Record<string, unknown>; ResultPath?: string | null };

export function effectiveInput(state: WithFields, rawInput: unknown, context: ContextObject): unknown {
  return selectPath(state.InputPath, rawInput, context, "InputPath");
}

/** ResultSelector → ResultPath (into the raw input) → OutputPath, as ASL orders them. */
export function shapeOutput(state: WithFields, rawInput: unknown, result: unknown, context: ContextObject, deps: EngineDeps): unknown {
  const selected = state.ResultSelector ? resolveTemplate(state.ResultSelector, result, context, deps, "ResultSelector") : result;
  const placed = applyResultPath(rawInput, selected, state.ResultPath);
  return selectPath(state.OutputPath, placed, context, "OutputPath");
}

/** Where a state goes once it has produced its output. */
export function advance(state: State, output: unknown, deps: EngineDeps): StepOutcome {
  checkPayloadSize(output, "the state output", deps);
  if ("Next" in state && state.Next !== undefined) return { kind: "next", next: state.Next, output };
  return { kind: "succeed", output };
}

/**
 * Turns an error into the state's final answer when it will not be retried: the first matching
 * catcher moves on with `{ Error, Cause }` placed at its ResultPath (default `$`), else the state fails.
 */
export function catchOrFail(state: State, rawInput: unknown, thrown: unknown): StepOutcome {
  const error = toStatesError(thrown);
  const catcher = "Catch" in state ? findCatcher(state.Catch, error) : undefined;
  if (!catcher) return { kind: "fail", error: error.name, cause: error.cause };
  const caught = errorOutput(error);
  try {
    return { kind: "next", next: catcher.Next, output: applyResultPath(rawInput, caught, catcher.ResultPath), caught };
  } catch (placementError) {
    const failure = toStatesError(placementError);
    return { kind: "fail", error: failure.name, cause: failure.cause };
  }
}

export function getState(machine: StateMachine, stateName: string): State {
  const state = Object.hasOwn(machine.States, stateName) ? machine.States[stateName] : undefined;
  if (!state) throw new StatesError(ErrorNames.Runtime, `the state machine has no state named "${stateName}"`);
  return state;
}
