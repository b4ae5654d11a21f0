/**
 * What the runtime keeps of an execution between states (the checkpoint), what one state's run
 * produced (a step record and a transition), and how a step's outcome moves the checkpoint. Pure:
 * no database, no clock of its own.
 */
import type { EventMatch, StateMachine } from "@/server/engine/definition.schema";
import { ErrorNames } from "@/server/engine/errors";
import type { ExecutionContext, StepOutcome } from "@/server/engine/step-outcome";

export type ExecutionStatus = "queued" | "running" | "waiting" | "succeeded" | "failed" | "cancelled";

/** Why a waiting execution waits, kept with the checkpoint. */
export type WaitFor =
  | { kind: "timer"; end: boolean }
  | { kind: "retry" }
  | { kind: "event"; matches: EventMatch; timeoutAt: string | null; stateInput: unknown }
  /** Parked until the customer reconnects the connection (manifest key); reconnecting wakes it (server/modules/connections/reconnect-waiters.repo.ts). */
  | { kind: "reconnect"; connection: string; reason: string }
  /** A connection's rate budget is spent or the provider asked for a pause: the state runs again at `wait_until`. */
  | { kind: "budget"; reason: string };

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
  /** HTTP calls the step's action made (secrets redacted), stored with the step. */
  calls?: unknown[];
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

/** States that neither call out nor wait: running them again after a crash computes the same thing. */
const PURE_STATE_TYPES: ReadonlySet<string> = new Set(["Pass", "Choice", "Succeed", "Fail"]);

/** At most this many side-effect-free steps wait for one commit (bounds the work a crash repeats). */
export const MAX_PENDING_STEPS = 50;

export function stateType(machine: StateMachine, name: string): string {
  return Object.hasOwn(machine.States, name) ? machine.States[name].Type : "Unknown";
}

/** Whether a step may wait for a later commit: side-effect-free, going on to another side-effect-free state. */
export function mayDefer(machine: StateMachine, record: StepRecord, transition: Transition, pending: number): boolean {
  return (
    pending < MAX_PENDING_STEPS &&
    PURE_STATE_TYPES.has(record.stateType) &&
    transition.kind === "continue" &&
    PURE_STATE_TYPES.has(stateType(machine, transition.state))
  );
}

/** What one outcome means for the checkpoint. */
export function transitionFor(
  outcome: StepOutcome,
  checkpoint: ExecutionCheckpoint,
  now: Date,
): { status: StepStatus; transition: Transition; output?: unknown; error?: { Error: string; Cause: string } } {
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
    case "waitForReconnect":
      // The same state runs again, with the same attempt and idempotency key, once the connection is reconnected.
      return {
        status: "waiting",
        error: { Error: ErrorNames.ReconnectRequired, Cause: `waiting for the connection "${outcome.connection}" to be reconnected: ${outcome.reason}` },
        transition: {
          kind: "park",
          state: checkpoint.currentState,
          input: checkpoint.currentInput,
          until: null,
          waitFor: { kind: "reconnect", connection: outcome.connection, reason: outcome.reason },
          retryCount: checkpoint.retryCount,
          retrierAttempts: checkpoint.retrierAttempts,
          sameState: true,
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

/**
 * The state could not call its connection now (ConnectionThrottledError): it parks where it is,
 * without counting an attempt, and runs again — with the same idempotency key — at `until`.
 */
export function throttledTransition(
  checkpoint: ExecutionCheckpoint,
  until: Date,
  reason: string,
): { status: StepStatus; transition: Transition; error: { Error: string; Cause: string } } {
  return {
    status: "waiting",
    error: { Error: THROTTLED_ERROR, Cause: reason },
    transition: {
      kind: "park",
      state: checkpoint.currentState,
      input: checkpoint.currentInput,
      until,
      waitFor: { kind: "budget", reason },
      retryCount: checkpoint.retryCount,
      retrierAttempts: checkpoint.retrierAttempts,
      sameState: true,
    },
  };
}

/** How a step that waited for its connection's budget is named in the execution's log. */
export const THROTTLED_ERROR = "Switchyard.RateLimited";

/** Visits of each state once `transition` is committed (a state entered anew counts one more). */
export function visitsAfter(checkpoint: ExecutionCheckpoint, transition: Transition): Record<string, number> {
  if (transition.kind === "continue" || (transition.kind === "park" && !transition.sameState)) {
    return { ...checkpoint.stateVisits, [transition.state]: (checkpoint.stateVisits[transition.state] ?? 0) + 1 };
  }
  return checkpoint.stateVisits;
}

/** Applies a committed `continue` to the in-memory checkpoint so the loop can go on without re-reading. */
export function advanceCheckpoint(checkpoint: ExecutionCheckpoint, transition: Extract<Transition, { kind: "continue" }>, now: Date): ExecutionCheckpoint {
  return {
    ...checkpoint,
    currentState: transition.state,
    currentInput: transition.input,
    retryCount: 0,
    retrierAttempts: undefined,
    stateEnteredAt: now,
    stateVisits: visitsAfter(checkpoint, transition),
    stepsCommitted: checkpoint.stepsCommitted + 1,
    waitFor: null,
  };
}

/** The visit number of the current entry into a state (0 for the first), for idempotency keys. */
export function visitOf(checkpoint: ExecutionCheckpoint): number {
  return Math.max(0, (checkpoint.stateVisits[checkpoint.currentState] ?? 1) - 1);
}

/** The machine-level TimeoutSeconds, measured from the execution's start. */
export function machineTimedOut(checkpoint: ExecutionCheckpoint, now: Date): boolean {
  const limit = checkpoint.machine.TimeoutSeconds;
  if (!limit) return false;
  return now.getTime() - Date.parse(checkpoint.context.Execution.StartTime) > limit * 1000;
}

/** A due Wait with `End: true` finishes the execution with the waited-on output. */
export function finishedWait(checkpoint: ExecutionCheckpoint): boolean {
  return checkpoint.waitFor?.kind === "timer" && checkpoint.waitFor.end;
}
