/**
 * The runtime's store on Postgres. A checkpoint is the execution row; a commit moves the row and
 * inserts the step runs. Every claim, commit and lease renewal goes through a group committer:
 * what concurrent runs ask for while a statement is in flight goes together in the next one
 * (server/db/group-commit.ts), so a worker running many executions at once pays a few round trips
 * and WAL flushes per batch, not per execution, while a lone run is written at once. Each run still
 * waits for the statement that carries its own step: "committed" means committed.
 *
 * Leases: a claimed execution's lease is renewed, with all the others this store holds, every third
 * of a lease. Each claim has its own token, which renewals, the release and commits carry: once
 * another runner has taken the execution over, this one can neither extend nor move it. A run whose
 * lease the database no longer gives this store (cancelled, taken over), or whose lease ran out
 * before a renewal was confirmed (this process stalled, or the database is slow or away), has its
 * `lost` signal aborted: the running action is aborted and no further step starts.
 */
import { groupCommit } from "@/server/db/group-commit";
import { isDatabaseUnavailable } from "@/server/db/database-unavailable";
import { redactSecrets } from "@/server/text/redact";
import { sealCheckpointInput } from "@/server/modules/executions/sealed-checkpoint";
import { visitsAfter, type ExecutionCheckpoint, type PendingStep, type Transition } from "./checkpoint";
import {
  claimExecutions,
  commitCheckpoints,
  releaseLeases,
  renewLeases,
  type CheckpointCommit,
  type CheckpointUpdate,
  type ClaimedRow,
} from "./checkpoints.repo";
import type { ClaimedExecution, ClaimOptions, ExecutionStore, RunInfo } from "./execution-store";
import { claimInTurn } from "./concurrency.repo";
import { loadClaimedRun } from "./run-context";

/** Most executions in one claim or commit statement. */
const MAX_BATCH = 128;

export function checkpointUpdate(checkpoint: ExecutionCheckpoint, transition: Transition): CheckpointUpdate {
  switch (transition.kind) {
    case "continue":
      return { ...transition, visits: visitsAfter(checkpoint, transition) };
    case "succeeded":
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
        visits: visitsAfter(checkpoint, transition),
      };
  }
}

/** The checkpoint keeps real values (the next state may need a secret), sealed; what people see is redacted. */
function storedUpdate(update: CheckpointUpdate, secrets: string[]): CheckpointUpdate {
  if (update.kind === "continue" || update.kind === "park") return { ...update, input: sealCheckpointInput(update.input) };
  return redactSecrets(update, secrets);
}

/** The commit of `steps` (a run of consecutive steps of one execution), guarded on the first one's checkpoint. */
export function checkpointCommit(run: RunInfo, steps: PendingStep[], fromStatus: "running" | "waiting"): CheckpointCommit {
  const last = steps.at(-1)!;
  return {
    organizationId: run.organizationId,
    executionId: run.executionId,
    trigger: run.trigger,
    concurrency: run.concurrency,
    leaseToken: fromStatus === "running" ? run.leaseToken : null,
    traceContext: run.traceContext,
    expectedSteps: steps[0].checkpoint.stepsCommitted,
    fromStatus,
    steps: steps.map((s) => redactSecrets(s.record, run.secretValues)),
    update: storedUpdate(checkpointUpdate(last.checkpoint, last.transition), run.secretValues),
  };
}

export interface PostgresStoreOptions {
  leaseMs: number;
}

/** A claim this store holds: its token, and until when the database has confirmed the lease. */
interface HeldLease {
  token: string;
  confirmedUntil: number;
  lost: AbortController;
}

export class PostgresExecutionStore implements ExecutionStore {
  private readonly leaseMs: number;
  private readonly held = new Map<string, HeldLease>();
  private renewing: NodeJS.Timeout | undefined;

  private readonly claimBatch = groupCommit<{ id: string; leasedBy: string | null }, ClaimedRow | null>(
    async (items) => {
      const rows = await claimExecutions(items, this.leaseMs);
      const byId = new Map(rows.map((row) => [row.id, row]));
      return items.map((item) => byId.get(item.id) ?? null);
    },
    { maxBatch: MAX_BATCH, maxInFlight: 2 },
  );

  private readonly commitBatch = groupCommit<CheckpointCommit, boolean>(commitCheckpoints, {
    maxBatch: MAX_BATCH,
    maxInFlight: 2,
    // One bad commit (a value the database refuses) fails alone; a lost connection fails the batch,
    // whose runs then stop uncommitted and resume from their last commit.
    retryAlone: (error) => !isDatabaseUnavailable(error),
  });

  constructor(options: PostgresStoreOptions) {
    this.leaseMs = options.leaseMs;
  }

  async claim(executionId: string, options: ClaimOptions = {}): Promise<ClaimedExecution | null> {
    // The same execution twice in one batch would be claimed once and answered twice.
    if (this.held.has(executionId)) return null;
    const askedAt = Date.now();
    // A throttled or fifo flow's execution that has yet to start takes its turn under its queue's
    // lock, alone; every other claim shares the batch.
    const row = options.concurrencyKey
      ? await claimInTurn(executionId, options.concurrencyKey, options.leasedBy ?? null, this.leaseMs)
      : await this.claimBatch({ id: executionId, leasedBy: options.leasedBy ?? null });
    if (!row) return null;
    const lease: HeldLease = { token: row.lease_token, confirmedUntil: askedAt + this.leaseMs, lost: new AbortController() };
    this.held.set(executionId, lease);
    this.keepRenewing();
    try {
      return { ...(await loadClaimedRun(row)), lost: lease.lost.signal };
    } catch (error) {
      await this.release(executionId, true);
      throw error;
    }
  }

  commit(run: RunInfo, steps: PendingStep[], from: "running" | "waiting" = "running"): Promise<boolean> {
    return this.commitBatch(checkpointCommit(run, steps, from));
  }

  async release(executionId: string, stillRunning: boolean): Promise<void> {
    const lease = this.held.get(executionId);
    this.held.delete(executionId);
    if (this.held.size === 0) this.stopRenewing();
    if (stillRunning && lease) await releaseLeases([{ id: executionId, token: lease.token }]);
  }

  private keepRenewing(): void {
    if (this.renewing) return;
    this.renewing = setInterval(() => void this.renewAll(), Math.max(250, this.leaseMs / 3));
    this.renewing.unref();
  }

  private stopRenewing(): void {
    clearInterval(this.renewing);
    this.renewing = undefined;
  }

  private async renewAll(): Promise<void> {
    this.abortLapsed();
    const leases = [...this.held].map(([id, lease]) => ({ id, token: lease.token }));
    if (leases.length === 0) return;
    const askedAt = Date.now();
    let kept: Set<string>;
    try {
      kept = await renewLeases(leases, this.leaseMs);
    } catch {
      // The database is away: nothing can be committed either; the next renewal tries again, and a
      // run whose lease runs out meanwhile stops (abortLapsed).
      return;
    }
    for (const { id, token } of leases) {
      const lease = this.held.get(id);
      if (!lease || lease.token !== token) continue;
      if (kept.has(id)) lease.confirmedUntil = Math.max(lease.confirmedUntil, askedAt + this.leaseMs);
      else lease.lost.abort(new Error("the execution was cancelled or taken over"));
    }
  }

  /** Runs whose lease ran out before a renewal was confirmed: another runner may hold them by now. */
  private abortLapsed(): void {
    const now = Date.now();
    for (const lease of this.held.values()) {
      if (now >= lease.confirmedUntil && !lease.lost.signal.aborted) lease.lost.abort(new Error("the execution's lease ran out before it was renewed"));
    }
  }
}
