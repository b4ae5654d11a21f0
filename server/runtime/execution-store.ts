/**
 * Where the runtime keeps executions: the interface the run loop (run-states.ts) works against.
 * The Postgres implementation is postgres-store.ts.
 */
import type { Manifest } from "@/server/manifest/manifest.schema";
import type { ExecutionCheckpoint, PendingStep } from "./checkpoint";

/** What the runtime knows about the execution it claimed, beside its checkpoint. */
export interface RunInfo {
  executionId: string;
  organizationId: string;
  instanceId: string;
  /** What started it (`webhook`, `instance.deploy`, `manual`, …). */
  trigger: string;
  /** The integration version the execution is pinned to. */
  manifest: Manifest;
  /** The instance's secret config values: hidden wherever step data is stored for people to read. */
  secretValues: string[];
  /** Destinations the organization's flows may reach beside the public internet, as of the claim. */
  networkAllowList: string[];
  /** The claim this run comes from: its commits, renewals and release hold only while it is still the execution's. */
  leaseToken: string | null;
}

export interface ClaimedExecution {
  run: RunInfo;
  checkpoint: ExecutionCheckpoint;
  /**
   * Aborted when the execution stops being this runner's: cancelled, taken over, or its lease ran
   * out before the database confirmed a renewal (another runner may have it by now).
   */
  lost: AbortSignal;
}

export interface ClaimOptions {
  /** Who holds the lease (the worker pool's id), so the runner of a dead worker's jobs can free them. */
  leasedBy?: string | null;
}

export interface ExecutionStore {
  /**
   * Takes the execution (status running, lease set and kept renewed until `release`) and returns it,
   * or null when it is finished, cancelled, held by a live runner, or waiting and not yet due.
   */
  claim(executionId: string, options?: ClaimOptions): Promise<ClaimedExecution | null>;
  /**
   * Commits consecutive steps: their records, and the last one's transition, only if the execution
   * is still `from` (running for a claimed run) with `steps[0].checkpoint.stepsCommitted` steps —
   * not cancelled, not advanced by someone else. All or nothing; false when refused.
   */
  commit(run: RunInfo, steps: PendingStep[], from?: "running" | "waiting"): Promise<boolean>;
  /**
   * The run loop stopped. `stillRunning`: it stopped before the execution finished or parked (its
   * lease was lost, or a synchronous run handed it back), so the lease is given up for another runner.
   */
  release(executionId: string, stillRunning: boolean): Promise<void>;
}
