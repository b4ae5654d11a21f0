/**
 * The durable runner's store on Postgres: a checkpoint is the execution row, a commit is one
 * transaction that inserts the step run and moves the row (see executions.repo.ts commitStep).
 */
import type { ExecutionCheckpoint, ExecutionStore, PendingStep, StepRecord, Transition, WaitFor } from "@/server/engine/durable-runner";
import { claimExecution, commitStep, releaseLease, renewLease, type CheckpointUpdate, type ExecutionRow } from "./executions.repo";
import { redactSecrets } from "./redact";
import { loadRun, type LoadedRun } from "./run-context";
import { openCheckpointInput, sealCheckpointInput } from "./sealed-checkpoint";

export function checkpointFrom(row: ExecutionRow, run: LoadedRun): ExecutionCheckpoint {
  return {
    executionId: row.id,
    machine: run.machine,
    context: run.context,
    currentState: row.current_state ?? run.machine.StartAt,
    currentInput: row.current_input === null ? row.input : openCheckpointInput(row.current_input),
    retryCount: row.retry_count,
    retrierAttempts: row.retrier_attempts ?? undefined,
    stateEnteredAt: row.state_entered_at ?? new Date(),
    stateVisits: row.state_visits ?? {},
    stepsCommitted: row.steps_committed,
    waitFor: (row.wait_for as WaitFor | null) ?? null,
  };
}

export function checkpointUpdate(checkpoint: ExecutionCheckpoint, transition: Transition): CheckpointUpdate {
  switch (transition.kind) {
    case "continue":
      return { ...transition, visits: { ...checkpoint.stateVisits, [transition.state]: (checkpoint.stateVisits[transition.state] ?? 0) + 1 } };
    case "succeeded":
      return transition;
    case "failed":
      return transition;
    case "park":
      return {
        kind: "park",
        state: transition.state,
        input: transition.input,
        until: transition.until,
        waitFor: transition.waitFor,
        retryCount: transition.retryCount,
        retrierAttempts: transition.retrierAttempts ?? null,
        // A Wait moves to its Next state when it parks: that state is entered when the wait ends.
        enteredAt: transition.sameState ? null : transition.until,
        visits: transition.sameState
          ? checkpoint.stateVisits
          : { ...checkpoint.stateVisits, [transition.state]: (checkpoint.stateVisits[transition.state] ?? 0) + 1 },
      };
  }
}

function sealedUpdate(update: CheckpointUpdate): CheckpointUpdate {
  return update.kind === "continue" || update.kind === "park" ? { ...update, input: sealCheckpointInput(update.input) } : update;
}

export class PostgresExecutionStore implements ExecutionStore {
  private runs = new Map<string, { organizationId: string; instanceId: string; secrets: string[]; manifest: LoadedRun["manifest"] }>();
  private calls = new Map<string, unknown[]>();

  async claim(executionId: string, leaseMs: number): Promise<ExecutionCheckpoint | null> {
    const row = await claimExecution(executionId, leaseMs);
    if (!row) return null;
    const run = await loadRun(row);
    this.remember(row, run);
    return checkpointFrom(row, run);
  }

  private remember(row: ExecutionRow, run: LoadedRun): void {
    this.runs.set(row.id, { organizationId: row.organization_id, instanceId: row.instance_id, secrets: run.secretValues, manifest: run.manifest });
  }

  /** What the action invoker needs about a claimed execution. */
  runOf(executionId: string) {
    const run = this.runs.get(executionId);
    if (!run) throw new Error(`execution ${executionId} was not claimed by this store`);
    return run;
  }

  /** HTTP calls an action made; stored with the step that made them. */
  recordCall(executionId: string, call: unknown): void {
    const list = this.calls.get(executionId) ?? [];
    if (list.length < 50) list.push(call);
    this.calls.set(executionId, list);
  }

  /** The organization of an execution this store claimed or adopted (platform actions need it). */
  organizationOf(executionId: string): string | undefined {
    return this.runs.get(executionId)?.organizationId;
  }

  secretsOf(executionId: string): string[] {
    return this.runs.get(executionId)?.secrets ?? [];
  }

  async commit(checkpoint: ExecutionCheckpoint, step: StepRecord, transition: Transition): Promise<boolean> {
    return this.commitSteps([{ checkpoint, record: step, transition }]);
  }

  async commitSteps(steps: PendingStep[]): Promise<boolean> {
    return this.commitFrom("running", steps[0].checkpoint, steps.map((s) => s.record), steps.at(-1)!.transition, steps.at(-1)!.checkpoint);
  }

  /**
   * Commits the steps (one, or a run of consecutive ones) guarded on `checkpoint` (the one before
   * the first step) and moves the execution by `transition`, the last step's, taken from `last`
   * (the checkpoint before the last step; the same as `checkpoint` for a single step).
   */
  async commitFrom(
    fromStatus: "running" | "waiting",
    checkpoint: ExecutionCheckpoint,
    step: StepRecord | StepRecord[],
    transition: Transition,
    last: ExecutionCheckpoint = checkpoint,
  ): Promise<boolean> {
    const run = this.runs.get(checkpoint.executionId);
    if (!run) throw new Error(`execution ${checkpoint.executionId} was not claimed or loaded by this store`);
    const secrets = run.secrets;
    const calls = this.calls.get(checkpoint.executionId);
    this.calls.delete(checkpoint.executionId);
    const steps = Array.isArray(step) ? step : [step];
    return commitStep({
      organizationId: run.organizationId,
      executionId: checkpoint.executionId,
      expectedSteps: checkpoint.stepsCommitted,
      fromStatus,
      // HTTP calls are made by actions, and an action's step is always the last of its commit.
      step: steps.map((s, i) => redactSecrets(i === steps.length - 1 && calls?.length ? { ...s, calls } : s, secrets)),
      // The checkpoint keeps real values (the next state may need a secret), sealed; what people see is redacted.
      update: transition.kind === "succeeded" || transition.kind === "failed" ? redactSecrets(checkpointUpdate(last, transition), secrets) : sealedUpdate(checkpointUpdate(last, transition)),
    });
  }

  /** For commits outside a worker run (an event resuming a waiting execution). */
  adopt(row: ExecutionRow, run: LoadedRun): ExecutionCheckpoint {
    this.remember(row, run);
    return checkpointFrom(row, run);
  }

  renewLease(executionId: string, leaseMs: number): Promise<boolean> {
    return renewLease(executionId, leaseMs);
  }

  async releaseLease(executionId: string): Promise<void> {
    await releaseLease(executionId);
    this.runs.delete(executionId);
  }
}
