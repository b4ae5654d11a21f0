import type { EventMatch, StateMachine } from "@/server/engine/definition.schema";
import type { ContextObject } from "@/server/engine/paths";

/** Platform limits; exceeding one is a terminal error (see errors.ts ErrorNames). */
export interface EngineLimits {
  /** Largest state input/output/parameters, as UTF-8 JSON bytes. */
  maxPayloadBytes: number;
  /** Most items one Map state may iterate over. */
  maxMapItems: number;
  /** Most state entries in one run (or one branch run): stops runaway loops. */
  maxStatesVisited: number;
  /** Longest Wait (or retry delay) inside a Map/Parallel branch, which sleeps in-process. */
  maxBranchWaitSeconds: number;
}

export const DEFAULT_LIMITS: EngineLimits = {
  maxPayloadBytes: 256 * 1024,
  maxMapItems: 10_000,
  maxStatesVisited: 10_000,
  maxBranchWaitSeconds: 300,
};

export interface InvokeActionRequest {
  /** Connector action key from the state's `Action` (or `Resource`). */
  action: string;
  /** The manifest connection key from the state's `Connection`. */
  connection?: string;
  parameters: unknown;
  /** `${executionId}:${stateName}:${attempt}`; stable across a crash-and-resume of the same attempt. */
  idempotencyKey: string;
  /** From the state's TimeoutSeconds; `signal` aborts when it passes. */
  timeoutMs?: number;
  signal: AbortSignal;
  stateName: string;
  context: ContextObject;
}

export interface EngineDeps {
  invokeAction(request: InvokeActionRequest): Promise<unknown>;
  now(): Date;
  /** In [0, 1); used for FULL jitter and States.MathRandom. */
  random(): number;
  uuid?(): string;
  limits: EngineLimits;
  /** In-process sleep used by branches (Wait, retry delays); defaults to a timer that honours the signal. */
  sleep?(ms: number, signal?: AbortSignal): Promise<void>;
}

/** What the runner provides about the execution; the engine adds `State` (and `Map` inside a Map iteration). */
export type ExecutionContext = Omit<ContextObject, "State">;

export interface RunStateArgs {
  machine: StateMachine;
  stateName: string;
  input: unknown;
  context: ExecutionContext;
  /** How many times this state has already been retried in this visit (0 on the first attempt). */
  retryCount?: number;
  /** Per-retrier attempt counts from the previous `retry` outcome; defaults to retryCount on the matching retrier. */
  retrierAttempts?: number[];
  /** How many times this state was entered before in this run; > 0 only in loops. Keeps idempotency keys unique. */
  visit?: number;
  /** When the state was first entered (retries keep it), for `$$.State.EnteredTime`. Defaults to now(). */
  enteredTime?: Date;
  /** Where a branch sits (`Fanout[1]/`, `Items[3]/`), prefixed to state names in idempotency keys. */
  branchPath?: string;
  /** Cancels the step (execution cancelled, or a sibling branch failed). */
  signal?: AbortSignal;
  deps: EngineDeps;
}

export type StepOutcome =
  | { kind: "next"; next: string; output: unknown; caught?: { Error: string; Cause: string } }
  | { kind: "succeed"; output: unknown }
  | { kind: "fail"; error: string; cause: string }
  /** Run the same state again after `delayMs` with retryCount + 1 and these retrierAttempts. */
  | { kind: "retry"; delayMs: number; error: string; cause: string; retrierAttempts: number[] }
  /** A Wait state: park until `until`, then continue at `next` (or finish, when `end`) with `output`. */
  | { kind: "wait"; until: Date; next?: string; end: boolean; output: unknown }
  /**
   * A WaitForEvent state: park until an event of this instance satisfies `matches` (see
   * `eventMatches`), then call `resumeWaitForEvent`; at `timeoutAt` call `timeoutWaitForEvent`.
   * `stateInput` is the raw state input both helpers need.
   */
  | { kind: "waitForEvent"; matches: EventMatch; timeoutAt?: Date; stateInput: unknown }
  /** The state's connection needs reconnecting: park on the state, run it again once it is reconnected. */
  | { kind: "waitForReconnect"; connection: string; reason: string };

/** An execution context with empty platform fields, for in-memory runs and tests. */
export function buildExecutionContext(
  execution: { id: string; input: unknown; startTime: Date; name?: string },
  extra: Partial<Pick<ExecutionContext, "Config" | "Trigger" | "Customer" | "Instance" | "StateMachine">> = {},
): ExecutionContext {
  return {
    Execution: { Id: execution.id, Input: execution.input, StartTime: execution.startTime.toISOString(), Name: execution.name ?? execution.id },
    Config: extra.Config ?? {},
    Trigger: extra.Trigger ?? null,
    Customer: extra.Customer ?? null,
    Instance: extra.Instance ?? null,
    ...(extra.StateMachine ? { StateMachine: extra.StateMachine } : {}),
  };
}

/**
 * Runs a Map item's or Parallel branch's machine to its end in memory (runToCompletion). Handed to
 * the interpreter by its callers (run-state.ts binds it), so the interpreter, the branch states and
 * runToCompletion do not import each other in a circle.
 */
export type BranchRunner = (args: {
  machine: StateMachine;
  input: unknown;
  context: ExecutionContext;
  deps: EngineDeps;
  signal: AbortSignal;
  inBranch: true;
  branchPath: string;
}) => Promise<({ status: "succeeded"; output: unknown } | { status: "failed"; error: string; cause: string }) & { statesVisited: number }>;
