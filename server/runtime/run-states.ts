/**
 * Runs an execution state by state through an `ExecutionStore` (the Postgres one lives in
 * server/modules/executions). Every step is committed (a step record and the checkpoint) before a
 * state with effects runs and right after it ran; runs of side-effect-free states (Pass, Choice,
 * Succeed, Fail) are committed together, in one transaction, when the next state has effects, the
 * execution ends or parks, or `MAX_PENDING_STEPS` have piled up. A worker that dies mid-state
 * leaves the last committed checkpoint; whoever claims the execution next runs the interrupted
 * state again with the same idempotency key (re-running at most the side-effect-free states since
 * that commit, which compute the same result), and never re-runs a committed action.
 */
import type { EventMatch, StateMachine } from "@/server/engine/definition.schema";
import { ErrorNames } from "@/server/engine/errors";
import { idempotencyKeyFor, runState } from "@/server/engine/interpreter";
import type { EngineDeps, ExecutionContext, StepOutcome } from "@/server/engine/step-outcome";
import { resumeWaitForEvent, timeoutWaitForEvent } from "@/server/engine/wait-for-event";

export type ExecutionStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";

/** Why a waiting execution waits, kept with the checkpoint. */
export type WaitFor =
  | { kind: "timer"; end: boolean }
  | { kind: "retry" }
  | { kind: "event"; matches: EventMatch; timeoutAt: string | null; stateInput: unknown };

export interface ExecutionCheckpoint {
  executionId: string;
  machine: StateMachine;
  context: ExecutionContext;
  /** The state to run next (or, while waiting for an event, the WaitForEvent state). */
  currentState: string;
  currentInput: unknown;
  retryCount: number;
  retrierAttempts?: number[];
  stateEnteredAt: Date;
  stateVisits: Record<string, number>;
  stepsCommitted: number;
  waitFor: WaitFor | null;
}

export type StepStatus = "succeeded" | "caught" | "failed" | "retrying" | "waiting" | "resumed" | "timed-out";

export interface StepRecord {
  stateName: string;
  stateType: string;
  attempt: number;
  status: StepStatus;
  input: unknown;
  output?: unknown;
  error?: { Error: string; Cause: string };
  startedAt: Date;
  durationMs: number;
  /** Idempotency key the step's action was given (Action states). */
  idempotencyKey?: string;
}

export type Transition =
  | { kind: "continue"; state: string; input: unknown }
  | { kind: "succeeded"; output: unknown }
  | { kind: "failed"; error: { Error: string; Cause: string } }
  | {
      kind: "park";
      state: string;
      input: unknown;
      /** When to wake up; null waits for an event with no timeout. */
      until: Date | null;
      waitFor: WaitFor;
      retryCount: number;
      retrierAttempts?: number[];
      /** A retry keeps the state's entered time; a new state starts its own. */
      sameState: boolean;
    };

/** A step run but not yet committed: the checkpoint it started from, its record and its transition. */
export interface PendingStep {
  checkpoint: ExecutionCheckpoint;
  record: StepRecord;
  transition: Transition;
}

export interface ExecutionStore {
  /**
   * Takes the execution for this worker (status running, lease set) and returns its checkpoint,
   * or null when it is finished, cancelled, held by a live worker, or waiting and not yet due.
   */
  claim(executionId: string, leaseMs: number): Promise<ExecutionCheckpoint | null>;
  /**
   * Commits one step and its transition in one transaction, only if the execution is still
   * running at `checkpoint.stepsCommitted` steps (not cancelled, not advanced by someone else).
   */
  commit(checkpoint: ExecutionCheckpoint, step: StepRecord, transition: Transition): Promise<boolean>;
  /**
   * Commits consecutive steps in one transaction: their records, and the last one's transition,
   * guarded like `commit` on the first step's checkpoint. All or nothing.
   */
  commitSteps(steps: PendingStep[]): Promise<boolean>;
  /** Extends the lease; false when the execution is no longer this worker's (cancelled, or taken over). */
  renewLease(executionId: string, leaseMs: number): Promise<boolean>;
  releaseLease(executionId: string): Promise<void>;
}

export interface DurableRunOptions {
  store: ExecutionStore;
  deps: EngineDeps;
  leaseMs: number;
  /** Commit side-effect-free states in runs (the default) or each one on its own. */
  batchPureSteps?: boolean;
}

/** States that neither call out nor wait: running them again after a crash computes the same thing. */
const PURE_STATE_TYPES: ReadonlySet<string> = new Set(["Pass", "Choice", "Succeed", "Fail"]);

/** At most this many side-effect-free steps wait for one commit (bounds the work a crash repeats). */
export const MAX_PENDING_STEPS = 50;

/** Whether a step may wait for a later commit: side-effect-free, going on to another side-effect-free state. */
function mayDefer(machine: StateMachine, record: StepRecord, transition: Transition, pending: number): boolean {
  return (
    pending < MAX_PENDING_STEPS &&
    PURE_STATE_TYPES.has(record.stateType) &&
    transition.kind === "continue" &&
    PURE_STATE_TYPES.has(stateType(machine, transition.state))
  );
}

function stateType(machine: StateMachine, name: string): string {
  return Object.hasOwn(machine.States, name) ? machine.States[name].Type : "Unknown";
}

/** What one outcome means for the checkpoint. */
export function transitionFor(outcome: StepOutcome, checkpoint: ExecutionCheckpoint, now: Date): { status: StepStatus; transition: Transition; output?: unknown; error?: { Error: string; Cause: string } } {
  switch (outcome.kind) {
    case "next":
      return {
        status: outcome.caught ? "caught" : "succeeded",
        output: outcome.output,
        error: outcome.caught,
        transition: { kind: "continue", state: outcome.next, input: outcome.output },
      };
    case "succeed":
      return { status: "succeeded", output: outcome.output, transition: { kind: "succeeded", output: outcome.output } };
    case "fail": {
      const error = { Error: outcome.error, Cause: outcome.cause };
      return { status: "failed", error, transition: { kind: "failed", error } };
    }
    case "retry":
      return {
        status: "retrying",
        error: { Error: outcome.error, Cause: outcome.cause },
        transition: {
          kind: "park",
          state: checkpoint.currentState,
          input: checkpoint.currentInput,
          until: new Date(now.getTime() + outcome.delayMs),
          waitFor: { kind: "retry" },
          retryCount: checkpoint.retryCount + 1,
          retrierAttempts: outcome.retrierAttempts,
          sameState: true,
        },
      };
    case "wait":
      return {
        status: "waiting",
        output: outcome.output,
        transition: {
          kind: "park",
          state: outcome.next ?? checkpoint.currentState,
          input: outcome.output,
          until: outcome.until,
          waitFor: { kind: "timer", end: outcome.end },
          retryCount: 0,
          sameState: false,
        },
      };
    case "waitForEvent":
      return {
        status: "waiting",
        transition: {
          kind: "park",
          state: checkpoint.currentState,
          input: checkpoint.currentInput,
          until: outcome.timeoutAt ?? null,
          waitFor: { kind: "event", matches: outcome.matches, timeoutAt: outcome.timeoutAt?.toISOString() ?? null, stateInput: outcome.stateInput },
          retryCount: 0,
          sameState: true,
        },
      };
  }
}

/** Applies a committed `continue` to the in-memory checkpoint so the loop can go on without re-reading. */
function advanceCheckpoint(checkpoint: ExecutionCheckpoint, transition: Extract<Transition, { kind: "continue" }>, now: Date): ExecutionCheckpoint {
  return {
    ...checkpoint,
    currentState: transition.state,
    currentInput: transition.input,
    retryCount: 0,
    retrierAttempts: undefined,
    stateEnteredAt: now,
    stateVisits: { ...checkpoint.stateVisits, [transition.state]: (checkpoint.stateVisits[transition.state] ?? 0) + 1 },
    stepsCommitted: checkpoint.stepsCommitted + 1,
    waitFor: null,
  };
}

/** The visit number of the current entry into a state (0 for the first), for idempotency keys. */
function visitOf(checkpoint: ExecutionCheckpoint): number {
  return Math.max(0, (checkpoint.stateVisits[checkpoint.currentState] ?? 1) - 1);
}

/** The machine-level TimeoutSeconds, measured from the execution's start. */
function machineTimedOut(checkpoint: ExecutionCheckpoint, now: Date): boolean {
  const limit = checkpoint.machine.TimeoutSeconds;
  if (!limit) return false;
  return now.getTime() - Date.parse(checkpoint.context.Execution.StartTime) > limit * 1000;
}

async function step(checkpoint: ExecutionCheckpoint, deps: EngineDeps, signal: AbortSignal): Promise<{ record: StepRecord; transition: Transition }> {
  const startedAt = deps.now();
  const base = {
    stateName: checkpoint.currentState,
    stateType: stateType(checkpoint.machine, checkpoint.currentState),
    attempt: checkpoint.retryCount + 1,
    input: checkpoint.currentInput,
    startedAt,
  };
  const wait = checkpoint.waitFor;
  let outcome: StepOutcome;
  let resumedStatus: StepStatus | undefined;
  if (machineTimedOut(checkpoint, startedAt)) {
    outcome = { kind: "fail", error: ErrorNames.Timeout, cause: `the execution ran longer than the flow's TimeoutSeconds (${checkpoint.machine.TimeoutSeconds} s)` };
  } else if (checkpoint.stepsCommitted >= deps.limits.maxStatesVisited) {
    outcome = { kind: "fail", error: ErrorNames.StatesVisitedLimitExceeded, cause: `the execution entered more than ${deps.limits.maxStatesVisited} states; is there a loop without an exit?` };
  } else if (wait?.kind === "event") {
    // Woken with an event still missing: the timeout has passed.
    outcome = timeoutWaitForEvent({ machine: checkpoint.machine, stateName: checkpoint.currentState, stateInput: wait.stateInput });
    resumedStatus = "timed-out";
  } else {
    outcome = await runState({
      machine: checkpoint.machine,
      stateName: checkpoint.currentState,
      input: checkpoint.currentInput,
      context: checkpoint.context,
      retryCount: checkpoint.retryCount,
      retrierAttempts: checkpoint.retrierAttempts,
      visit: visitOf(checkpoint),
      enteredTime: checkpoint.stateEnteredAt,
      signal,
      deps,
    });
  }
  const decided = transitionFor(outcome, checkpoint, deps.now());
  const isAction = base.stateType === "Action";
  return {
    record: {
      ...base,
      status: resumedStatus && decided.status !== "failed" ? resumedStatus : decided.status,
      output: decided.output,
      error: decided.error,
      durationMs: deps.now().getTime() - startedAt.getTime(),
      idempotencyKey: isAction ? idempotencyKeyFor({ stateName: checkpoint.currentState, retryCount: checkpoint.retryCount, visit: visitOf(checkpoint) }, checkpoint.executionId) : undefined,
    },
    transition: decided.transition,
  };
}

/** A due Wait with `End: true` finishes the execution with the waited-on output. */
function finishedWait(checkpoint: ExecutionCheckpoint): boolean {
  return checkpoint.waitFor?.kind === "timer" && checkpoint.waitFor.end;
}

/** Runs the execution until it finishes, parks, or is taken away (cancelled, or advanced elsewhere). */
export async function runExecution(executionId: string, options: DurableRunOptions): Promise<void> {
  const { store, deps, leaseMs } = options;
  const batch = options.batchPureSteps ?? true;
  let checkpoint = await store.claim(executionId, leaseMs);
  if (!checkpoint) return;
  // The heartbeat keeps the lease; losing it (cancelled, or another worker took over) aborts the running action.
  const lost = new AbortController();
  const heartbeat = setInterval(() => {
    void store
      .renewLease(executionId, leaseMs)
      .then((held) => held || lost.abort(new Error("the execution was cancelled or taken over")))
      .catch(() => undefined);
  }, Math.max(250, leaseMs / 3));
  let pending: PendingStep[] = [];
  try {
    while (checkpoint) {
      if (finishedWait(checkpoint)) {
        const record: StepRecord = {
          stateName: checkpoint.currentState,
          stateType: "Wait",
          attempt: 1,
          status: "resumed",
          input: checkpoint.currentInput,
          output: checkpoint.currentInput,
          startedAt: deps.now(),
          durationMs: 0,
        };
        await store.commit(checkpoint, record, { kind: "succeeded", output: checkpoint.currentInput });
        return;
      }
      const { record, transition } = await step(checkpoint, deps, lost.signal);
      pending.push({ checkpoint, record, transition });
      if (batch && mayDefer(checkpoint.machine, record, transition, pending.length)) {
        checkpoint = advanceCheckpoint(checkpoint, transition as Extract<Transition, { kind: "continue" }>, deps.now());
        continue;
      }
      const committed = await store.commitSteps(pending);
      pending = [];
      if (!committed || transition.kind !== "continue") return;
      checkpoint = advanceCheckpoint(checkpoint, transition, deps.now());
    }
  } finally {
    clearInterval(heartbeat);
    await store.releaseLease(executionId).catch(() => undefined);
  }
}

/**
 * An event arrived for an execution parked on a WaitForEvent state: the step and transition to
 * commit (the caller commits them and enqueues the execution when it continues).
 */
export function eventResumption(checkpoint: ExecutionCheckpoint, event: unknown, deps: EngineDeps): { record: StepRecord; transition: Transition } {
  const wait = checkpoint.waitFor;
  if (wait?.kind !== "event") throw new Error("the execution is not waiting for an event");
  const now = deps.now();
  const outcome = resumeWaitForEvent({
    machine: checkpoint.machine,
    stateName: checkpoint.currentState,
    stateInput: wait.stateInput,
    event,
    context: checkpoint.context,
    enteredTime: checkpoint.stateEnteredAt,
    deps,
  });
  const decided = transitionFor(outcome, checkpoint, now);
  return {
    record: {
      stateName: checkpoint.currentState,
      stateType: "WaitForEvent",
      attempt: 1,
      status: decided.status === "failed" ? "failed" : "resumed",
      input: wait.stateInput,
      output: decided.output,
      error: decided.error,
      startedAt: checkpoint.stateEnteredAt,
      durationMs: now.getTime() - checkpoint.stateEnteredAt.getTime(),
    },
    transition: decided.transition,
  };
}
