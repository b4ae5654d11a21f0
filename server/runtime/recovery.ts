/**
 * Every worker process checks, every half-lease, for executions whose runner died (lease lapsed)
 * and executions whose job was lost, and gets them going again (recovery.repo.ts); executions parked
 * for a reconnect longer than RECONNECT_WAIT_DAYS fail (executions.repo.ts). While the
 * database is down the check fails every time: that is said once, and again when it works.
 */
import { DEFAULT_RECONNECT_WAIT_DAYS } from "@/server/env";
import type { Logger } from "@/server/logger";
import { failUnreconnectedWaits } from "@/server/modules/executions/executions.repo";
import { countExecutionFinished } from "@/server/telemetry/metric-counts";
import { countOf } from "@/server/text/plural";
import { repeatedFailureLog } from "./repeated-failure";
import { dropFinishedRunJobs, dropSpentRunJobs, requeueOrphaned, resumeAbandoned } from "./recovery.repo";

const DAY_MS = 24 * 60 * 60 * 1000;

export function startRecovery(options: { leaseMs: number; reconnectWaitDays?: number; log: Logger }): () => void {
  const reconnectWaitDays = options.reconnectWaitDays ?? DEFAULT_RECONNECT_WAIT_DAYS;
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
      const givenUp = await failUnreconnectedWaits(new Date(Date.now() - reconnectWaitDays * DAY_MS), countOf(reconnectWaitDays, "day"));
      for (const execution of givenUp) countExecutionFinished(execution.integrationKey, execution.flowKey, "failed");
      if (givenUp.length)
        options.log.warn({ component: "worker", executions: givenUp.map((x) => x.id) }, "failing executions whose connection was not reconnected in time");
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
