/**
 * The runtime's statements on the execution table, each written for a batch: the Postgres store
 * (postgres-store.ts) hands every claim, commit and lease renewal that concurrent runs ask for at
 * the same moment to one statement (group commit), so N executions cost one round trip and one
 * WAL flush instead of N. Statements are prepared once per connection (their plans are reused).
 */
import { preparedQuery, preparedTransaction, type PreparedQuery } from "@/server/db/client";
import { jsonbText } from "@/server/db/jsonb";
import { uuidv7 } from "@/server/db/uuid";
import { JOBS } from "@/server/jobs/job-catalog";
import { WAKE_NEXT_IN_LINE_SQL } from "@/server/modules/executions/queue.repo";
import type { ExecutionStatus } from "./checkpoint";

/** An execution as a claim returns it, with what its run context needs of its instance and customer. */
export interface ClaimedRow {
  id: string;
  organization_id: string;
  customer_id: string;
  instance_id: string;
  integration_version_id: string;
  flow_key: string;
  trigger: string;
  status: ExecutionStatus;
  input: unknown;
  current_state: string | null;
  current_input: unknown;
  retry_count: number;
  retrier_attempts: number[] | null;
  state_entered_at: Date | null;
  state_visits: Record<string, number>;
  steps_committed: number;
  wait_for: unknown;
  created_at: Date;
  event_id: string | null;
  /** The queue of a throttled or fifo flow and its limit (concurrency.repo.ts); null for a parallel flow. */
  concurrency_key: string | null;
  concurrency_limit: number | null;
  /** This claim's token (see renewLeases). */
  lease_token: string;
  /** The W3C traceparent the execution's spans continue (server/telemetry), when it has one. */
  trace_context: string | null;
  /** Moves with every change of the instance's configuration (see run-context.ts). */
  instance_updated_at: Date;
  customer_external_id: string;
  customer_name: string | null;
  /** The instance's endpoints, for `$$.Instance.Endpoints`. */
  endpoints: { flowKey: string | null; token: string }[];
  /** Destinations the organization's flows may reach beside the public internet. */
  network_allow_list: string[];
}

/** What a run needs beside the execution row `c`, read in the statement that returns the row. */
export const RUN_COLUMNS = `i.updated_at AS instance_updated_at, cu.external_id AS customer_external_id, cu.name AS customer_name,
         coalesce((SELECT json_agg(json_build_object('flowKey', e.flow_key, 'token', e.token)) FROM endpoint e WHERE e.instance_id = c.instance_id), '[]') AS endpoints,
         o.network_allow_list`;
export const RUN_JOINS = `JOIN instance i ON i.id = c.instance_id JOIN customer cu ON cu.id = i.customer_id JOIN organization o ON o.id = c.organization_id`;
export const EXECUTION_COLUMNS = `x.id, x.organization_id, x.customer_id, x.instance_id, x.integration_version_id, x.flow_key, x.trigger, x.status, x.input,
              x.current_state, x.current_input, x.retry_count, x.retrier_attempts, x.state_entered_at, x.state_visits,
              x.steps_committed, x.wait_for, x.created_at, x.event_id, x.concurrency_key, x.concurrency_limit, x.lease_token, x.trace_context`;

/** What a claim sets: running, leased by `leasedBy` for `leaseSeconds` under a fresh token. */
export function CLAIM_SET(leasedBy: string, leaseSeconds: string): string {
  return `status = 'running', lease_until = now() + make_interval(secs => ${leaseSeconds}), leased_by = ${leasedBy}, lease_token = gen_random_uuid(),
           started_at = coalesce(x.started_at, now()), state_entered_at = coalesce(x.state_entered_at, now()),
           wait_until = NULL, updated_at = now()`;
}

/**
 * An execution of a throttled or fifo flow that has not started is left to `claimInTurn`
 * (concurrency.repo.ts), which its job asks for; one that started holds its place and is claimed
 * here like any other.
 */
const CLAIM_SQL = `
  WITH wanted AS (
    SELECT * FROM unnest($1::uuid[], $2::text[]) AS w(id, leased_by)
  ), claimed AS (
    UPDATE execution x
       SET ${CLAIM_SET("w.leased_by", "$3")}
      FROM wanted w
     WHERE x.id = w.id
       AND (x.status = 'queued'
            OR (x.status = 'running' AND (x.lease_until IS NULL OR x.lease_until < now()))
            OR (x.status = 'waiting' AND x.wait_until IS NOT NULL AND x.wait_until <= now()))
       AND (x.concurrency_key IS NULL OR x.started_at IS NOT NULL)
    RETURNING ${EXECUTION_COLUMNS}
  )
  SELECT c.*, ${RUN_COLUMNS}
    FROM claimed c ${RUN_JOINS}`;

/**
 * Takes executions for runners: queued, running with a lapsed lease (their runner died), or waiting
 * and due. Returns the ones taken; an execution finished, cancelled, held by a live runner or not
 * yet due is left out.
 */
export function claimExecutions(items: { id: string; leasedBy: string | null }[], leaseMs: number): Promise<ClaimedRow[]> {
  return preparedQuery<ClaimedRow>("runtime_claim", CLAIM_SQL, [items.map((i) => i.id), items.map((i) => i.leasedBy), leaseMs / 1000]);
}

/** Executions of an instance parked on a WaitForEvent state, oldest first, as a claim returns them. */
export function findEventWaiters(organizationId: string, instanceId: string): Promise<ClaimedRow[]> {
  return preparedQuery<ClaimedRow>(
    "runtime_event_waiters",
    `SELECT c.*, ${RUN_COLUMNS}
       FROM (SELECT ${EXECUTION_COLUMNS} FROM execution x
              WHERE x.organization_id = $1::uuid AND x.instance_id = $2::uuid AND x.status = 'waiting' AND x.wait_for->>'kind' = 'event') c
       ${RUN_JOINS}
      ORDER BY c.created_at`,
    [organizationId, instanceId],
  );
}

export interface StepInsert {
  stateName: string;
  stateType: string;
  attempt: number;
  status: string;
  input: unknown;
  output?: unknown;
  error?: unknown;
  calls?: unknown;
  startedAt: Date;
  durationMs: number;
}

export type CheckpointUpdate =
  | { kind: "continue"; state: string; input: unknown; visits: Record<string, number> }
  | { kind: "succeeded"; output: unknown }
  | { kind: "failed"; error: unknown }
  | {
      kind: "park";
      state: string;
      input: unknown;
      until: Date | null;
      waitFor: unknown;
      retryCount: number;
      retrierAttempts: number[] | null;
      enteredAt: Date | null;
      visits: Record<string, number>;
    };

export interface CheckpointCommit {
  organizationId: string;
  executionId: string;
  /** Lifecycle flows (instance.deploy, instance.remove) settle their instance when they finish. */
  trigger: string;
  /** The queue of a throttled or fifo flow: its next in line is woken when this execution finishes. */
  concurrency: { key: string; limit: number } | null;
  /** The claim a running execution's commit comes from (null for one resumed from waiting, which no one holds). */
  leaseToken: string | null;
  /** Kept when the execution has no trace context yet: the trace its first traced run started. */
  traceContext: string | null;
  /** The guard: the execution is still `fromStatus` with exactly this many steps committed (and still held by `leaseToken`). */
  expectedSteps: number;
  fromStatus: "running" | "waiting";
  steps: StepInsert[];
  update: CheckpointUpdate;
}

const LIFECYCLE_TRIGGERS = new Set(["instance.deploy", "instance.remove"]);

/**
 * Moves every execution of the batch by its update, guarded on its status and step count, and
 * inserts the step runs of those that moved. A `continue` keeps a running execution running (and
 * its lease); resumed from waiting it becomes queued. Finishing or parking ends the lease.
 */
const COMMIT_SQL = `
  WITH item AS (
    SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
      id uuid, lease_token uuid, trace_context text, expected int, from_status text, n int, kind text, state text, input text, visits text, retry_count int,
      retrier_attempts text, entered_at timestamptz, wait_for text, until timestamptz, output text, error text)
  ), moved AS (
    UPDATE execution x SET
      steps_committed = x.steps_committed + i.n,
      status = (CASE i.kind WHEN 'continue' THEN CASE i.from_status WHEN 'running' THEN 'running' ELSE 'queued' END
                            WHEN 'park' THEN 'waiting' ELSE i.kind END)::"ExecutionStatus",
      current_state = CASE WHEN i.kind IN ('continue', 'park') THEN i.state ELSE x.current_state END,
      -- A failed execution keeps its failed state's sealed input: a replay from that state needs the real values.
      current_input = CASE WHEN i.kind IN ('continue', 'park') THEN i.input::jsonb WHEN i.kind = 'failed' THEN x.current_input END,
      retry_count = CASE i.kind WHEN 'continue' THEN 0 WHEN 'park' THEN i.retry_count ELSE x.retry_count END,
      retrier_attempts = CASE i.kind WHEN 'continue' THEN NULL WHEN 'park' THEN i.retrier_attempts::jsonb ELSE x.retrier_attempts END,
      state_entered_at = CASE i.kind WHEN 'continue' THEN now() WHEN 'park' THEN coalesce(i.entered_at, x.state_entered_at) ELSE x.state_entered_at END,
      state_visits = CASE WHEN i.kind IN ('continue', 'park') THEN i.visits::jsonb ELSE x.state_visits END,
      wait_for = CASE WHEN i.kind = 'park' THEN i.wait_for::jsonb END,
      wait_until = CASE WHEN i.kind = 'park' THEN i.until END,
      lease_until = CASE WHEN i.kind = 'continue' THEN x.lease_until END,
      output = CASE i.kind WHEN 'succeeded' THEN i.output::jsonb WHEN 'failed' THEN NULL ELSE x.output END,
      error = CASE i.kind WHEN 'failed' THEN i.error::jsonb WHEN 'succeeded' THEN NULL ELSE x.error END,
      finished_at = CASE WHEN i.kind IN ('succeeded', 'failed') THEN now() ELSE x.finished_at END,
      trace_context = coalesce(x.trace_context, i.trace_context),
      updated_at = now()
    FROM item i
    WHERE x.id = i.id AND x.status = i.from_status::"ExecutionStatus" AND x.steps_committed = i.expected
      AND (i.lease_token IS NULL OR x.lease_token = i.lease_token)
    RETURNING x.id
  ), recorded AS (
    INSERT INTO step_run (id, organization_id, execution_id, sequence, state_name, state_type, attempt, status, input, output, error, calls, started_at, duration_ms)
    SELECT s.id, s.organization_id, s.execution_id, s.sequence, s.state_name, s.state_type, s.attempt, s.status,
           s.input::jsonb, s.output::jsonb, s.error::jsonb, s.calls::jsonb, s.started_at, s.duration_ms
      FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, organization_id uuid, execution_id uuid, sequence int, state_name text, state_type text,
             attempt int, status text, input text, output text, error text, calls text, started_at timestamptz, duration_ms int)
     WHERE s.execution_id IN (SELECT id FROM moved)
  )
  SELECT id FROM moved`;

/** Wake-ups: a parked execution's job at its time, a resumed one's job now (one pending job per execution). */
const ENQUEUE_SQL = `
  SELECT graphile_worker.add_job($1, json_build_object('executionId', j.id), run_at := j.run_at, max_attempts := ${JOBS.runExecution.maxAttempts},
                                 job_key := 'exec:' || j.id::text, job_key_mode := 'replace')
    FROM unnest($2::uuid[], $3::timestamptz[]) AS j(id, run_at)`;

/** A finished deploy or remove flow settles its instance (queue.repo.ts enqueueLifecycleSettle says why one job per flow). */
const SETTLE_SQL = `
  SELECT graphile_worker.add_job($1, json_build_object('organizationId', x.organization_id, 'instanceId', x.instance_id), max_attempts := ${JOBS.settleLifecycle.maxAttempts})
    FROM execution x WHERE x.id = ANY($2::uuid[])`;

function itemRow(commit: CheckpointCommit) {
  const u = commit.update;
  return {
    id: commit.executionId,
    lease_token: commit.leaseToken,
    trace_context: commit.traceContext,
    expected: commit.expectedSteps,
    from_status: commit.fromStatus,
    n: commit.steps.length,
    kind: u.kind,
    state: u.kind === "continue" || u.kind === "park" ? u.state : null,
    input: u.kind === "continue" || u.kind === "park" ? jsonbText(u.input) : null,
    visits: u.kind === "continue" || u.kind === "park" ? jsonbText(u.visits) : null,
    retry_count: u.kind === "park" ? u.retryCount : null,
    retrier_attempts: u.kind === "park" ? jsonbText(u.retrierAttempts) : null,
    entered_at: u.kind === "park" ? (u.enteredAt?.toISOString() ?? null) : null,
    wait_for: u.kind === "park" ? jsonbText(u.waitFor) : null,
    until: u.kind === "park" ? (u.until?.toISOString() ?? null) : null,
    output: u.kind === "succeeded" ? jsonbText(u.output) : null,
    error: u.kind === "failed" ? jsonbText(u.error) : null,
  };
}

function stepRows(commit: CheckpointCommit) {
  return commit.steps.map((s, i) => ({
    id: uuidv7(),
    organization_id: commit.organizationId,
    execution_id: commit.executionId,
    sequence: commit.expectedSteps + 1 + i,
    state_name: s.stateName,
    state_type: s.stateType,
    attempt: s.attempt,
    status: s.status,
    // As JSON text, so an undefined value stays SQL NULL and a null one stays JSON null.
    input: jsonbText(s.input),
    output: jsonbText(s.output),
    error: jsonbText(s.error),
    calls: jsonbText(s.calls),
    started_at: s.startedAt.toISOString(),
    duration_ms: Math.round(s.durationMs),
  }));
}

/** What a commit needs beside the statement: a job to wake it, its instance settled, or the next in its queue woken. */
function followUp(commit: CheckpointCommit): { wakeAt?: Date; settle?: boolean; nextInLine?: boolean } {
  const u = commit.update;
  if (u.kind === "park") return u.until ? { wakeAt: u.until } : {};
  if (u.kind === "continue") return commit.fromStatus === "waiting" ? { wakeAt: new Date() } : {};
  return { settle: LIFECYCLE_TRIGGERS.has(commit.trigger), nextInLine: commit.concurrency !== null };
}

async function writeCommits(query: PreparedQuery, commits: CheckpointCommit[]): Promise<Set<string>> {
  const rows = await query<{ id: string }>("runtime_commit", COMMIT_SQL, [JSON.stringify(commits.map(itemRow)), JSON.stringify(commits.flatMap(stepRows))]);
  return new Set(rows.map((r) => r.id));
}

/**
 * Commits a batch of executions' steps; answers, in order, whether each one's guard held (false:
 * it was cancelled or moved by someone else, and nothing of it was written). The common batch —
 * executions going on or finishing — is one statement; wake-up jobs and lifecycle settles join it
 * in one transaction.
 */
export async function commitCheckpoints(commits: CheckpointCommit[]): Promise<boolean[]> {
  const followUps = commits.map(followUp);
  let moved: Set<string>;
  if (followUps.every((f) => !f.wakeAt && !f.settle && !f.nextInLine)) {
    moved = await writeCommits(preparedQuery, commits);
  } else {
    moved = await preparedTransaction(async (query) => {
      const ids = await writeCommits(query, commits);
      const wake = commits.map((c, i) => ({ id: c.executionId, at: followUps[i].wakeAt })).filter((w) => w.at && ids.has(w.id));
      if (wake.length) await query("runtime_enqueue", ENQUEUE_SQL, [JOBS.runExecution.name, wake.map((w) => w.id), wake.map((w) => w.at!.toISOString())]);
      const settle = commits.filter((c, i) => followUps[i].settle && ids.has(c.executionId)).map((c) => c.executionId);
      if (settle.length) await query("runtime_settle", SETTLE_SQL, [JOBS.settleLifecycle.name, settle]);
      const queues = new Map<string, number>();
      commits.forEach((c, i) => {
        if (followUps[i].nextInLine && c.concurrency && ids.has(c.executionId)) queues.set(c.concurrency.key, c.concurrency.limit);
      });
      if (queues.size) await query("runtime_wake_next", WAKE_NEXT_IN_LINE_SQL, [JOBS.runExecution.name, [...queues.keys()], [...queues.values()]]);
      return ids;
    });
  }
  return commits.map((c) => moved.has(c.executionId));
}

/**
 * Extends the leases of running executions this runner claimed; answers the ones it still holds
 * (the others were cancelled, or taken over after their lease lapsed: their token changed).
 */
export async function renewLeases(leases: { id: string; token: string }[], leaseMs: number): Promise<Set<string>> {
  const rows = await preparedQuery<{ id: string }>(
    "runtime_renew",
    `UPDATE execution x SET lease_until = now() + make_interval(secs => $3)
       FROM unnest($1::uuid[], $2::uuid[]) AS l(id, token)
      WHERE x.id = l.id AND x.lease_token = l.token AND x.status = 'running' RETURNING x.id`,
    [leases.map((l) => l.id), leases.map((l) => l.token), leaseMs / 1000],
  );
  return new Set(rows.map((r) => r.id));
}

/** Gives leases up at once (the runner stopped before the execution finished or parked), for another runner to resume. */
export async function releaseLeases(leases: { id: string; token: string }[]): Promise<void> {
  await preparedQuery(
    "runtime_release",
    `UPDATE execution x SET lease_until = now() FROM unnest($1::uuid[], $2::uuid[]) AS l(id, token)
      WHERE x.id = l.id AND x.lease_token = l.token AND x.status = 'running'`,
    [leases.map((l) => l.id), leases.map((l) => l.token)],
  );
}
