/**
 * The metrics `/api/metrics` answers, for the whole installation: the counters every process
 * adds to the database (metric-counts.ts) and gauges read from the database at scrape time. Three
 * statements per scrape (counters, unfinished executions, queue), none reading history.
 */
import { DELIVERIES, EXECUTIONS_FINISHED, FLUSH_INTERVAL_MS, REFRESH_FAILURES, STEP_DURATION, STEP_DURATION_BUCKETS } from "./metric-counts";
import { countUnfinishedExecutions, readCounters, readQueue } from "./metrics.repo";
import { formatPrometheus, histogramSamples, type MetricFamily, type Sample } from "./prometheus-text";

const FLUSH_NOTE = `Summed over every web and worker process, which add their counts every ${FLUSH_INTERVAL_MS / 1000} s.`;

type StoredCounter = { name: string; labels: Record<string, string>; value: number };

function samplesOf(counters: StoredCounter[], name: string): Sample[] {
  return counters.filter((c) => c.name === name).map((c) => ({ labels: c.labels, value: c.value }));
}

function stepDurationSamples(counters: StoredCounter[]): Sample[] {
  const series = new Map<string, { labels: Record<string, string>; buckets: Map<string, number>; sum: number; count: number }>();
  const seriesOf = (labels: Record<string, string>) => {
    const own = { action: labels.action ?? "", state_type: labels.state_type ?? "" };
    const key = `${own.state_type}\0${own.action}`;
    let found = series.get(key);
    if (!found) series.set(key, (found = { labels: own, buckets: new Map(), sum: 0, count: 0 }));
    return found;
  };
  for (const c of counters) {
    if (c.name === `${STEP_DURATION}_bucket`) seriesOf(c.labels).buckets.set(c.labels.le, c.value);
    else if (c.name === `${STEP_DURATION}_sum`) seriesOf(c.labels).sum = c.value;
    else if (c.name === `${STEP_DURATION}_count`) seriesOf(c.labels).count = c.value;
  }
  return histogramSamples([...series.values()], STEP_DURATION_BUCKETS);
}

export async function metricFamilies(): Promise<MetricFamily[]> {
  const [stored, executions, queue] = await Promise.all([readCounters(), countUnfinishedExecutions(), readQueue()]);
  const counters = stored.map((c) => ({ name: c.name, labels: JSON.parse(c.labels) as Record<string, string>, value: c.value }));
  return [
    {
      name: DELIVERIES,
      type: "counter",
      help: `Webhook deliveries answered, by verdict (accepted, buffered, filtered, duplicate, rejected, challenge; refused: answered without being recorded, e.g. unknown endpoint, rate limit, too large, instance paused) and HTTP status. ${FLUSH_NOTE}`,
      samples: samplesOf(counters, DELIVERIES),
    },
    {
      name: EXECUTIONS_FINISHED,
      type: "counter",
      help: `Executions that finished, by integration, flow and status (succeeded, failed, cancelled). ${FLUSH_NOTE}`,
      samples: samplesOf(counters, EXECUTIONS_FINISHED),
    },
    {
      name: "switchyard_executions",
      type: "gauge",
      help: "Executions not finished now, by integration, flow and status (queued, running, waiting); read from the database.",
      samples: executions.map((e) => ({ labels: { integration: e.integration, flow: e.flow, status: e.status }, value: e.count })),
    },
    {
      name: STEP_DURATION,
      type: "histogram",
      help: `How long states took to run, by state type and action (Action states), in seconds; commits not included. ${FLUSH_NOTE}`,
      samples: stepDurationSamples(counters),
    },
    {
      name: REFRESH_FAILURES,
      type: "counter",
      help: `OAuth token refreshes that failed, by connector and outcome (refused: the provider refused the grant and the connection needs reconnecting; failed: not completed, tried again at the next use). ${FLUSH_NOTE}`,
      samples: samplesOf(counters, REFRESH_FAILURES),
    },
    {
      name: "switchyard_queue_jobs",
      type: "gauge",
      help: "Jobs in the queue by task and state: due (waiting for a worker), scheduled (timers, retry back-off), running (held by a worker), exhausted (out of attempts); read from the database.",
      samples: queue.flatMap((q) =>
        (["due", "scheduled", "running", "exhausted"] as const).map((state) => ({ labels: { task: q.task, state }, value: q[state] })),
      ),
    },
    {
      name: "switchyard_queue_oldest_due_job_age_seconds",
      type: "gauge",
      help: "How long the oldest due job of each task has waited for a worker, in seconds (0 when none waits); read from the database.",
      samples: queue.map((q) => ({ labels: { task: q.task }, value: Math.round(q.oldest_due_age * 1000) / 1000 })),
    },
  ];
}

export async function metricsText(): Promise<string> {
  return formatPrometheus(await metricFamilies());
}
