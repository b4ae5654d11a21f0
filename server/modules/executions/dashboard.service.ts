import type { ExecutionStatus } from "@/server/db/generated/enums";
import { executionsPerHour, mostFailingIntegrations } from "./execution-stats.repo";

const HOUR = 3_600_000;
const STATUSES: ExecutionStatus[] = ["succeeded", "failed", "running", "waiting", "queued", "cancelled"];

export interface HourBucket {
  hour: string;
  counts: Record<ExecutionStatus, number>;
}

/** The last 24 hours, hour by hour (empty hours included), the failure rate and the integrations failing most. */
export async function executionDashboard(organizationId: string, now = new Date()) {
  const currentHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const since = new Date(currentHour - 23 * HOUR);
  const [rows, failing] = await Promise.all([executionsPerHour(organizationId, since), mostFailingIntegrations(organizationId, since, 5)]);
  const buckets: HourBucket[] = Array.from({ length: 24 }, (_, i) => ({
    hour: new Date(since.getTime() + i * HOUR).toISOString(),
    counts: Object.fromEntries(STATUSES.map((s) => [s, 0])) as Record<ExecutionStatus, number>,
  }));
  for (const row of rows) {
    const index = Math.round((row.hour.getTime() - since.getTime()) / HOUR);
    if (buckets[index]) buckets[index].counts[row.status] += row.count;
  }
  const total = (status: ExecutionStatus) => buckets.reduce((sum, b) => sum + b.counts[status], 0);
  const finished = total("succeeded") + total("failed");
  return {
    since: since.toISOString(),
    hours: buckets,
    totals: Object.fromEntries(STATUSES.map((s) => [s, total(s)])) as Record<ExecutionStatus, number>,
    /** Failed among finished (succeeded + failed); null when nothing finished. */
    failureRate: finished === 0 ? null : total("failed") / finished,
    failingIntegrations: failing.map((f) => ({ id: f.integration_id, key: f.key, name: f.name, failed: f.failed, total: f.total })),
  };
}
