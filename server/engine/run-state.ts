/**
 * One state of a machine, as the durable runner takes it: the interpreter with runToCompletion for
 * the branches of its Map and Parallel states.
 */
import { interpretState } from "@/server/engine/interpreter";
import { runToCompletion } from "@/server/engine/run-to-completion";
import type { RunStateArgs, StepOutcome } from "@/server/engine/step-outcome";

export function runState(args: RunStateArgs): Promise<StepOutcome> {
  return interpretState(args, runToCompletion);
}
