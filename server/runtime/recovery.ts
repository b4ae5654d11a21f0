/**
 * Every worker process checks, every half-lease, for executions whose runner died (lease lapsed)
 * and executions whose job was lost, and gets them going again (recovery.repo.ts). While the
 * database is down the check fails every time: that is said once, and again when it works.
 */
import type { Logger } from "@/server/logger";
import { repeatedFailureLog } from "./repeated-failure";
import { dropFinishedRunJobs, dropSpentRunJobs, requeueOrphaned, resumeAbandoned } from "./recovery.repo";

export function startRecovery(options: { leaseMs: number; log: Logger }): () => void {
  const checks = repeatedFailureLog(options.log, { component: "worker", what: "check for abandoned executions" });
  let running = false;
  const recover = async () => {
    if (running) return;
    running = true;
    try {
      const abandoned = await resumeAbandoned();
      if (abandoned.length) options.log.warn({ component: "worker", executions: abandoned }, "resuming executions of a worker that stopped");
      const orphaned = await requeueOrphaned(options.leaseMs);
      if (orphaned.length) options.log.warn({ component: "worker", executions: orphaned }, "re-queueing executions whose job was lost");
      await dropSpentRunJobs();
      await dropFinishedRunJobs(options.leaseMs);
      checks.succeeded();
    } catch (error) {
      checks.failed(error);
    } finally {
      running = false;
    }
  };
  void recover();
  const timer = setInterval(recover, Math.max(1000, options.leaseMs / 2));
  return () => clearInterval(timer);
}
