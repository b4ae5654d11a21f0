/**
 * Retention: events, executions and step runs (with the HTTP calls recorded in them) older than
 * the organization's retention period, and incidents resolved before it, are deleted by a periodic job. Work goes in small batches,
 * each its own short transaction; a run stops after a bounded number of batches per organization
 * and the next run carries on, so a large backlog never turns into one long, lock-holding job.
 */
import { AppError } from "@/server/errors";
import { deleteExpiredClaims } from "@/server/modules/connections/single-use.repo";
import { deleteExpiredIdempotencyKeys } from "@/server/modules/idempotency/idempotency.repo";
import {
  deleteExecutions,
  deleteExpiredEvents,
  deleteResolvedIncidents,
  deleteStepRunsOf,
  expiredExecutionIds,
  organizationsWithRetention,
  retentionDaysOf,
  updateRetentionDays,
} from "./retention.repo";

export const MIN_RETENTION_DAYS = 1;
export const MAX_RETENTION_DAYS = 3650;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionOptions {
  now?: Date;
  /** Rows per statement (step runs, executions, events). */
  batchSize?: number;
  /** Batches per organization and kind of row in one run; the next run continues. */
  maxBatches?: number;
}

export interface RetentionReport {
  executions: number;
  stepRuns: number;
  events: number;
  /** Incidents resolved before the retention period (their notifications go with them). */
  incidents: number;
  /** REST idempotency keys past their one-day expiry. */
  idempotencyKeys: number;
  /** Used OAuth start links and callback states past their own expiry. */
  singleUseClaims: number;
  /** Delete statements run, and the most rows any one of them removed. */
  batches: number;
  largestBatch: number;
}

export function retentionCutoff(retentionDays: number, now: Date): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

export async function applyRetention(options: RetentionOptions = {}): Promise<RetentionReport> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? 500;
  const maxBatches = options.maxBatches ?? 200;
  const report: RetentionReport = { executions: 0, stepRuns: 0, events: 0, incidents: 0, idempotencyKeys: 0, singleUseClaims: 0, batches: 0, largestBatch: 0 };
  const counted = (deleted: number) => {
    report.batches += 1;
    report.largestBatch = Math.max(report.largestBatch, deleted);
    return deleted;
  };

  for (const organization of await organizationsWithRetention()) {
    const cutoff = retentionCutoff(organization.retentionDays, now);
    // Executions first: deleting their events afterwards then has fewer references to clear.
    for (let batch = 0; batch < maxBatches; batch++) {
      const ids = await expiredExecutionIds(organization.id, cutoff, batchSize);
      if (ids.length === 0) break;
      let stepRuns: number;
      do {
        stepRuns = counted(await deleteStepRunsOf(organization.id, ids, batchSize));
        report.stepRuns += stepRuns;
      } while (stepRuns === batchSize);
      report.executions += counted(await deleteExecutions(organization.id, ids, cutoff));
      if (ids.length < batchSize) break;
    }
    for (let batch = 0; batch < maxBatches; batch++) {
      const events = counted(await deleteExpiredEvents(organization.id, cutoff, batchSize));
      report.events += events;
      if (events < batchSize) break;
    }
    for (let batch = 0; batch < maxBatches; batch++) {
      const incidents = counted(await deleteResolvedIncidents(organization.id, cutoff, batchSize));
      report.incidents += incidents;
      if (incidents < batchSize) break;
    }
  }
  for (let batch = 0; batch < maxBatches; batch++) {
    const keys = counted(await deleteExpiredIdempotencyKeys(now, batchSize));
    report.idempotencyKeys += keys;
    if (keys < batchSize) break;
  }
  for (let batch = 0; batch < maxBatches; batch++) {
    const claims = counted(await deleteExpiredClaims(now, batchSize));
    report.singleUseClaims += claims;
    if (claims < batchSize) break;
  }
  return report;
}

export async function retentionSettings(organizationId: string): Promise<{ retentionDays: number }> {
  const retentionDays = await retentionDaysOf(organizationId);
  if (retentionDays === null) throw new AppError("NOT_FOUND", "No such organization.");
  return { retentionDays };
}

export async function saveRetentionDays(organizationId: string, retentionDays: number): Promise<{ retentionDays: number }> {
  if (!Number.isInteger(retentionDays) || retentionDays < MIN_RETENTION_DAYS || retentionDays > MAX_RETENTION_DAYS) {
    throw new AppError("BAD_REQUEST", `Retention must be a whole number of days between ${MIN_RETENTION_DAYS} and ${MAX_RETENTION_DAYS}.`, {
      field: "retentionDays",
    });
  }
  return { retentionDays: await updateRetentionDays(organizationId, retentionDays) };
}
