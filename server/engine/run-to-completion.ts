import type { StateMachine } from "@/server/engine/definition.schema";
import { ErrorNames, isPlatformCondition, ReconnectRequiredError, StatesError, toStatesError } from "@/server/engine/errors";
import { interpretState } from "@/server/engine/interpreter";
import type { EngineDeps, ExecutionContext, StepOutcome } from "@/server/engine/step-outcome";
import { resumeWaitForEvent, timeoutWaitForEvent } from "@/server/engine/wait-for-event";

/**
 * An in-memory executor: loops runState until the machine succeeds or fails, sleeping in-process
 * for Wait states and retry delays. Map/Parallel branches and tests use it; production executions
 * go through the durable runner instead, which commits each outcome and parks on waits.
 */

export type RunResult = ({ status: "succeeded"; output: unknown } | { status: "failed"; error: string; cause: string }) & { statesVisited: number };

/** One committed step, as the durable runner would record it. */
export interface StepRecord {
  stateName: string;
  attempt: number;
  input: unknown;
  outcome: StepOutcome;
}

export interface RunToCompletionArgs {
  machine: StateMachine;
  input: unknown;
  context: ExecutionContext;
  deps: EngineDeps;
  signal?: AbortSignal;
  /** Inside a Map/Parallel branch: waits are capped and WaitForEvent is refused. */
  inBranch?: boolean;
  branchPath?: string;
  /** Supplies the event (or a timeout) for a WaitForEvent state at top level; without it WaitForEvent fails. */
  onWaitForEvent?: (request: {
    stateName: string;
    outcome: Extract<StepOutcome, { kind: "waitForEvent" }>;
  }) => Promise<{ event: unknown } | { timedOut: true }>;
  onStep?: (record: StepRecord) => void;
}

export function sleepWithSignal(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export async function runToCompletion(args: RunToCompletionArgs): Promise<RunResult> {
  const { machine } = args;
  const timeout = new AbortController();
  const timer =
    machine.TimeoutSeconds !== undefined && !args.inBranch
      ? setTimeout(
          () => timeout.abort(new StatesError(ErrorNames.Timeout, `the execution did not finish within ${machine.TimeoutSeconds} s`)),
          machine.TimeoutSeconds * 1000,
        )
      : undefined;
  const signal = args.signal ? AbortSignal.any([args.signal, timeout.signal]) : timeout.signal;
  let statesVisited = 0;
  try {
    const result = await loop(args, signal, () => ++statesVisited);
    return { ...result, statesVisited };
  } catch (error) {
    // Not the branch's failure: the whole step stops uncommitted, or parks (server/runtime/run-states.ts).
    if (isPlatformCondition(error)) throw error;
    // Nor is a connection that needs reconnecting: the Map or Parallel state around the branch parks.
    if (error instanceof ReconnectRequiredError && !signal.aborted) throw error;
    const failure = toStatesError(signal.aborted ? signal.reason : error);
    return { status: "failed", error: failure.name, cause: failure.cause, statesVisited };
  } finally {
    clearTimeout(timer);
  }
}

type Ending = { status: "succeeded"; output: unknown } | { status: "failed"; error: string; cause: string };

async function loop(args: RunToCompletionArgs, signal: AbortSignal, countVisit: () => number): Promise<Ending> {
  const { machine, deps } = args;
  const sleep = deps.sleep ?? sleepWithSignal;
  const branchCapMs = deps.limits.maxBranchWaitSeconds * 1000;
  const visits = new Map<string, number>();
  let stateName = machine.StartAt;
  let input = args.input;

  for (;;) {
    if (countVisit() > deps.limits.maxStatesVisited) {
      throw new StatesError(
        ErrorNames.StatesVisitedLimitExceeded,
        `more than ${deps.limits.maxStatesVisited} states were entered: is there a loop without an exit?`,
      );
    }
    const visit = visits.get(stateName) ?? 0;
    visits.set(stateName, visit + 1);
    const enteredTime = deps.now();
    let retryCount = 0;
    let retrierAttempts: number[] | undefined;
    let outcome: StepOutcome;
    for (;;) {
      signal.throwIfAborted();
      outcome = await interpretState(
        { machine, stateName, input, context: args.context, retryCount, retrierAttempts, visit, enteredTime, branchPath: args.branchPath, signal, deps },
        runToCompletion,
      );
      args.onStep?.({ stateName, attempt: retryCount, input, outcome });
      if (outcome.kind !== "retry") break;
      // Branch retries sleep in-process, so long backoffs are shortened to the branch cap.
      await sleep(args.inBranch ? Math.min(outcome.delayMs, branchCapMs) : outcome.delayMs, signal);
      retryCount++;
      retrierAttempts = outcome.retrierAttempts;
    }

    if (outcome.kind === "wait") {
      const ms = Math.max(0, outcome.until.getTime() - deps.now().getTime());
      if (args.inBranch && ms > branchCapMs) {
        throw new StatesError(
          ErrorNames.UnsupportedInBranch,
          `Wait state "${stateName}" inside a Map/Parallel branch waits ${Math.ceil(ms / 1000)} s; branches wait in-process, at most ${deps.limits.maxBranchWaitSeconds} s`,
        );
      }
      await sleep(ms, signal);
      outcome = outcome.next !== undefined ? { kind: "next", next: outcome.next, output: outcome.output } : { kind: "succeed", output: outcome.output };
    } else if (outcome.kind === "waitForReconnect") {
      // Branches cannot park on their own: the Map or Parallel state parks as a whole and runs again once reconnected.
      throw new ReconnectRequiredError(outcome.connection, outcome.reason);
    } else if (outcome.kind === "waitForEvent") {
      if (args.inBranch || !args.onWaitForEvent) {
        throw new StatesError(
          ErrorNames.UnsupportedInBranch,
          `WaitForEvent state "${stateName}" cannot run ${args.inBranch ? "inside a Map/Parallel branch" : "without an event source"}: only a whole execution can park`,
        );
      }
      const answer = await args.onWaitForEvent({ stateName, outcome });
      const resume = { machine, stateName, stateInput: outcome.stateInput };
      outcome =
        "event" in answer ? resumeWaitForEvent({ ...resume, event: answer.event, context: args.context, enteredTime, deps }) : timeoutWaitForEvent(resume);
    }

    switch (outcome.kind) {
      case "next":
        stateName = outcome.next;
        input = outcome.output;
        break;
      case "succeed":
        return { status: "succeeded", output: outcome.output };
      case "fail":
        return { status: "failed", error: outcome.error, cause: outcome.cause };
      default:
        throw new StatesError(ErrorNames.Runtime, `unexpected step outcome ${outcome.kind}`);
    }
  }
}
