/**
 * The run loop: claims an execution, runs its states one by one through the engine, and commits
 * each step through an `ExecutionStore`. Every step is committed (a step record and the checkpoint)
 * before a state with effects runs and right after it ran; runs of side-effect-free states (Pass,
 * Choice, Succeed, Fail) are committed together when the next state has effects, the execution
 * ends or parks, or `MAX_PENDING_STEPS` have piled up. A runner that dies mid-state leaves the last
 * committed checkpoint; whoever claims the execution next runs the interrupted state again with the
 * same idempotency key (re-running at most the side-effect-free states since that commit, which
 * compute the same result), and never re-runs a committed action.
 */
import { ConnectionThrottledError, ErrorNames } from "@/server/engine/errors";
import { idempotencyKeyFor } from "@/server/engine/interpreter";
import { runState } from "@/server/engine/run-state";
import { DEFAULT_LIMITS, type EngineDeps, type EngineLimits, type StepOutcome } from "@/server/engine/step-outcome";
import { resumeWaitForEvent, timeoutWaitForEvent } from "@/server/engine/wait-for-event";
import { redactSecrets } from "@/server/text/redact";
import { countExecutionFinished, observeStepDuration } from "@/server/telemetry/metric-counts";
import { activeTracing, type RunAttributes, type RunSpan, type StateSpan, type TracedHttpCall } from "@/server/telemetry/tracing";
import {
  advanceCheckpoint,
  finishedWait,
  machineTimedOut,
  mayDefer,
  stateType,
  throttledTransition,
  transitionFor,
  visitOf,
  type ExecutionCheckpoint,
  type PendingStep,
  type StepRecord,
  type StepStatus,
  type Transition,
} from "./checkpoint";
import type { ClaimedExecution, ClaimOptions, ExecutionStore, RunInfo } from "./execution-store";

/** A claimed run as an action invoker sees it: what it may use, and where its HTTP records go. */
export interface RunHandle extends RunInfo {
  recordCall(call: unknown): void;
}

/** Builds the engine's `invokeAction` for one claimed run. */
export type ActionInvoker = (run: RunHandle) => EngineDeps["invokeAction"];

export function engineDeps(invokeAction: EngineDeps["invokeAction"], limits: EngineLimits = DEFAULT_LIMITS): EngineDeps {
  return { invokeAction, now: () => new Date(), random: Math.random, limits };
}

export interface RunOptions extends ClaimOptions {
  store: ExecutionStore;
  invoker: ActionInvoker;
  limits?: EngineLimits;
  /** Commit side-effect-free states in runs (the default) or each one on its own. */
  batchPureSteps?: boolean;
  /** Asked after each committed step that goes on; true stops the loop and hands the execution back. */
  handBack?: () => boolean;
}

export type RunResult =
  | { kind: "not-claimed" }
  | { kind: "succeeded"; output: unknown }
  | { kind: "failed"; error: { Error: string; Cause: string } }
  | { kind: "parked" }
  /** The lease was lost, a commit was refused (cancelled, or advanced elsewhere), or the run was handed back. */
  | { kind: "stopped"; handedBack: boolean };

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
    outcome = {
      kind: "fail",
      error: ErrorNames.Timeout,
      cause: `the execution ran longer than the flow's TimeoutSeconds (${checkpoint.machine.TimeoutSeconds} s)`,
    };
  } else if (checkpoint.stepsCommitted >= deps.limits.maxStatesVisited) {
    outcome = {
      kind: "fail",
      error: ErrorNames.StatesVisitedLimitExceeded,
      cause: `the execution entered more than ${deps.limits.maxStatesVisited} states; is there a loop without an exit?`,
    };
  } else if (wait?.kind === "event") {
    // Woken with an event still missing: the timeout has passed.
    outcome = timeoutWaitForEvent({ machine: checkpoint.machine, stateName: checkpoint.currentState, stateInput: wait.stateInput });
    resumedStatus = "timed-out";
  } else {
    try {
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
    } catch (error) {
      if (!(error instanceof ConnectionThrottledError)) throw error;
      const parked = throttledTransition(checkpoint, error.until, error.reason);
      return {
        record: { ...base, status: parked.status, error: parked.error, durationMs: deps.now().getTime() - startedAt.getTime() },
        transition: parked.transition,
      };
    }
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
      idempotencyKey: isAction
        ? idempotencyKeyFor({ stateName: checkpoint.currentState, retryCount: checkpoint.retryCount, visit: visitOf(checkpoint) }, checkpoint.executionId)
        : undefined,
    },
    transition: decided.transition,
  };
}

/** The result as stored: secret values hidden, as people (and a synchronous flow's caller) see it. */
function resultOf(transition: Transition, run: RunInfo): RunResult {
  switch (transition.kind) {
    case "succeeded":
      return { kind: "succeeded", output: redactSecrets(transition.output, run.secretValues) };
    case "failed":
      return { kind: "failed", error: redactSecrets(transition.error, run.secretValues) };
    case "park":
      return { kind: "parked" };
    case "continue":
      throw new Error("a continuing execution has no result yet");
  }
}

/** The connector action an Action state calls (`zendesk.createTicket`); empty for other states. */
function actionOf(checkpoint: ExecutionCheckpoint): string {
  const state = Object.hasOwn(checkpoint.machine.States, checkpoint.currentState) ? checkpoint.machine.States[checkpoint.currentState] : undefined;
  return state?.Type === "Action" ? state.Action : "";
}

/** What a run's span says about it: ids and names only (the run also holds config and secrets). */
function runAttributes(run: RunInfo): RunAttributes {
  return {
    executionId: run.executionId,
    organizationId: run.organizationId,
    instanceId: run.instanceId,
    customerId: run.customerId,
    customerExternalId: run.customerExternalId,
    integrationKey: run.manifest.key,
    integrationVersion: run.integrationVersion,
    flowKey: run.flowKey,
    trigger: run.trigger,
    traceContext: run.traceContext,
  };
}

/** Runs the execution until it finishes, parks, or is taken away (cancelled, or advanced elsewhere). */
export async function runExecution(executionId: string, options: RunOptions): Promise<RunResult> {
  const { store } = options;
  const claimed = await store.claim(executionId, { leasedBy: options.leasedBy, concurrencyKey: options.concurrencyKey });
  if (!claimed) return { kind: "not-claimed" };
  const { run } = claimed;
  // Tracing off (the default): one null check per run and per state, nothing else.
  const span = activeTracing()?.startRun(runAttributes(run)) ?? null;
  // An execution nothing delivered gets its trace from its first traced run; its commits store it.
  if (span && run.traceContext === null) run.traceContext = span.traceContext;
  let result: RunResult | undefined;
  try {
    result = await runClaimed(claimed, options, span);
    return result;
  } finally {
    span?.end(result ? { kind: result.kind, error: result.kind === "failed" ? result.error : null } : { kind: "error" });
  }
}

async function runClaimed(claimed: ClaimedExecution, options: RunOptions, span: RunSpan | null): Promise<RunResult> {
  const { store } = options;
  const { run, lost } = claimed;
  const executionId = run.executionId;
  let calls: unknown[] = [];
  let stateSpan: StateSpan | null = null;
  const recordCall = (call: unknown) => {
    stateSpan?.httpCall(call as TracedHttpCall);
    if (calls.length < 50) calls.push(call);
  };
  const deps = engineDeps(options.invoker({ ...run, recordCall }), options.limits);
  const batch = options.batchPureSteps ?? true;
  // Whether this runner still holds the execution when the loop ends: not after it finished or
  // parked (the commit ended the lease) nor after a refused commit (it is someone else's).
  let holding = true;
  try {
    let checkpoint = claimed.checkpoint;
    let pending: PendingStep[] = [];
    for (;;) {
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
        pending = [{ checkpoint, record, transition: { kind: "succeeded", output: checkpoint.currentInput } }];
      } else {
        // Not a step more once the lease is gone: another runner may be running the execution.
        if (lost.aborted) return { kind: "stopped", handedBack: false };
        const action = actionOf(checkpoint);
        stateSpan =
          span?.startState({
            name: checkpoint.currentState,
            type: stateType(checkpoint.machine, checkpoint.currentState),
            attempt: checkpoint.retryCount + 1,
            action,
          }) ?? null;
        let stepped: Awaited<ReturnType<typeof step>> | undefined;
        try {
          stepped = await step(checkpoint, deps, lost);
        } finally {
          stateSpan?.end(!stepped ? { status: "error" } : lost.aborted ? { status: "stopped" } : stepped.record);
          stateSpan = null;
        }
        const { record, transition } = stepped;
        // An action aborted because the lease went is not the action's failure: nothing to commit.
        if (lost.aborted) return { kind: "stopped", handedBack: false };
        observeStepDuration(record.stateType, action, record.durationMs / 1000);
        // HTTP calls are made by actions, and an action's step is always the last of its commit.
        if (calls.length > 0) {
          record.calls = calls;
          calls = [];
        }
        pending.push({ checkpoint, record, transition });
        if (batch && mayDefer(checkpoint.machine, record, transition, pending.length)) {
          checkpoint = advanceCheckpoint(checkpoint, transition as Extract<Transition, { kind: "continue" }>, deps.now());
          continue;
        }
      }
      const transition = pending.at(-1)!.transition;
      const committed = await store.commit(run, pending);
      pending = [];
      if (!committed) {
        holding = false;
        return { kind: "stopped", handedBack: false };
      }
      if (transition.kind !== "continue") {
        holding = false;
        if (transition.kind !== "park") countExecutionFinished(run.manifest.key, run.flowKey, transition.kind);
        return resultOf(transition, run);
      }
      if (options.handBack?.()) return { kind: "stopped", handedBack: true };
      checkpoint = advanceCheckpoint(checkpoint, transition, deps.now());
    }
  } finally {
    await store.release(executionId, holding).catch(() => undefined);
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
