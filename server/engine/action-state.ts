import type { ActionState } from "@/server/engine/definition.schema";
import { ErrorNames, StatesError } from "@/server/engine/errors";
import type { ContextObject } from "@/server/engine/paths";
import { resolveTemplate } from "@/server/engine/payload-template";
import { checkPayloadSize, effectiveInput, shapeOutput } from "@/server/engine/state-io";
import type { EngineDeps } from "@/server/engine/step-outcome";

export interface ActionCall {
  state: ActionState;
  stateName: string;
  rawInput: unknown;
  context: ContextObject;
  idempotencyKey: string;
  signal?: AbortSignal;
  deps: EngineDeps;
}

/**
 * Runs an Action (Task) state up to its output. TimeoutSeconds aborts the action's signal and
 * raises States.Timeout even if the action ignores the signal, so a hung connector cannot hold
 * the worker. Cancellation from outside (`signal`) aborts the action the same way.
 */
export async function executeAction({ state, stateName, rawInput, context, idempotencyKey, signal, deps }: ActionCall): Promise<unknown> {
  const effective = effectiveInput(state, rawInput, context);
  const parameters = state.Parameters ? resolveTemplate(state.Parameters, effective, context, deps, "Parameters") : effective;
  checkPayloadSize(parameters, "the action parameters", deps);

  const controller = new AbortController();
  const timeoutMs = state.TimeoutSeconds !== undefined ? state.TimeoutSeconds * 1000 : undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onOuterAbort: (() => void) | undefined;
  const interrupted = new Promise<never>((_, reject) => {
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const error = new StatesError(ErrorNames.Timeout, `the action ${state.Action} did not finish within ${state.TimeoutSeconds} s`);
        controller.abort(error);
        reject(error);
      }, timeoutMs);
    }
    onOuterAbort = () => {
      controller.abort(signal?.reason);
      reject(signal?.reason instanceof Error ? signal.reason : new StatesError(ErrorNames.TaskFailed, "the step was cancelled"));
    };
    if (signal?.aborted) onOuterAbort();
    else signal?.addEventListener("abort", onOuterAbort, { once: true });
  });

  try {
    const invocation = (async () =>
      deps.invokeAction({
        action: state.Action,
        connection: state.Connection,
        parameters,
        idempotencyKey,
        timeoutMs,
        signal: controller.signal,
        stateName,
        context,
      }))();
    // A late rejection of an action that already lost the race must not surface as an unhandled rejection.
    invocation.catch(() => undefined);
    const result = await Promise.race([invocation, interrupted]);
    return shapeOutput(state, rawInput, result ?? null, context, deps);
  } finally {
    clearTimeout(timer);
    if (onOuterAbort) signal?.removeEventListener("abort", onOuterAbort);
  }
}
