import { AppError } from "@/server/errors";
import { replayExecution } from "./executions.service";
import { findExecution } from "./executions.repo";

export const MAX_BULK_REPLAY = 100;

export interface BulkReplayResult {
  executionId: string;
  replayId: string | null;
  error: string | null;
}

/**
 * Replays failed executions one by one from the start on their own version; one that cannot be
 * replayed (gone, not failed, flow removed) is reported and does not stop the others.
 */
export async function replayFailedExecutions(organizationId: string, executionIds: string[]): Promise<BulkReplayResult[]> {
  if (executionIds.length > MAX_BULK_REPLAY) {
    throw new AppError("BAD_REQUEST", `Replay at most ${MAX_BULK_REPLAY} executions at once.`, { field: "executionIds" });
  }
  const results: BulkReplayResult[] = [];
  for (const executionId of new Set(executionIds)) {
    try {
      const original = await findExecution(organizationId, executionId);
      if (!original) throw new AppError("NOT_FOUND", "No execution with that id in this organization.");
      if (original.status !== "failed") throw new AppError("CONFLICT", `It is ${original.status}, not failed.`);
      const replay = await replayExecution(organizationId, executionId, { from: "start", version: "same" });
      results.push({ executionId, replayId: replay.id, error: null });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      results.push({ executionId, replayId: null, error: error.message });
    }
  }
  return results;
}
