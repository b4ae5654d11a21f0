import { db, type Prisma } from "@/server/db/client";
import type { ExecutionStatus } from "@/server/db/generated/enums";
import { jsonbText, withoutNul } from "@/server/db/jsonb";
import { enqueueExecutionRun, enqueueLifecycleSettle, removeExecutionRun } from "./queue.repo";
import { sealCheckpointInput } from "./sealed-checkpoint";

export interface ExecutionRow {
  id: string;
  organization_id: string;
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
}

export interface NewExecution {
  organizationId: string;
  customerId: string;
  instanceId: string;
  integrationVersionId: string;
  flowKey: string;
  trigger: string;
  input: Prisma.InputJsonValue;
  startAt: string;
  startInput?: Prisma.InputJsonValue;
  eventId?: string | null;
  replayOfId?: string | null;
}

type Tx = Pick<Prisma.TransactionClient, "execution" | "$executeRaw">;

/**
 * Records an execution and queues its first run in one transaction: the caller's (so an event and
 * its execution commit together), or a new one.
 */
export function insertExecution(data: NewExecution, tx?: Tx) {
  return tx ? writeExecution(data, tx) : db().$transaction((t) => writeExecution(data, t));
}

async function writeExecution(data: NewExecution, tx: Tx) {
  const execution = await tx.execution.create({
    data: {
      organizationId: data.organizationId,
      customerId: data.customerId,
      instanceId: data.instanceId,
      integrationVersionId: data.integrationVersionId,
      flowKey: data.flowKey,
      trigger: data.trigger,
      input: withoutNul(data.input) as Prisma.InputJsonValue,
      currentState: data.startAt,
      currentInput: sealCheckpointInput(data.startInput ?? data.input),
      stateVisits: { [data.startAt]: 1 },
      eventId: data.eventId ?? null,
      replayOfId: data.replayOfId ?? null,
    },
    select: { id: true, status: true, createdAt: true },
  });
  await enqueueExecutionRun(tx, execution.id);
  return execution;
}

/** Takes an execution for a worker: queued, running with a lapsed lease (its worker died), or waiting and due. */
export async function claimExecution(executionId: string, leaseMs: number): Promise<ExecutionRow | null> {
  const rows = await db().$queryRaw<ExecutionRow[]>`
    UPDATE execution
       SET status = 'running', lease_until = now() + make_interval(secs => ${leaseMs / 1000}),
           started_at = coalesce(started_at, now()), state_entered_at = coalesce(state_entered_at, now()),
           wait_until = NULL, updated_at = now()
     WHERE id = ${executionId}::uuid
       AND (status = 'queued'
            OR (status = 'running' AND (lease_until IS NULL OR lease_until < now()))
            OR (status = 'waiting' AND wait_until IS NOT NULL AND wait_until <= now()))
    RETURNING id, organization_id, instance_id, integration_version_id, flow_key, trigger, status, input, current_state,
              current_input, retry_count, retrier_attempts, state_entered_at, state_visits, steps_committed, wait_for, created_at, event_id`;
  return rows[0] ?? null;
}

export async function renewLease(executionId: string, leaseMs: number): Promise<boolean> {
  const changed = await db().$executeRaw`UPDATE execution SET lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    WHERE id = ${executionId}::uuid AND status = 'running'`;
  return changed > 0;
}

export function releaseLease(executionId: string) {
  return db().$executeRaw`UPDATE execution SET lease_until = now() WHERE id = ${executionId}::uuid AND status = 'running'`;
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

/** JSON text for a jsonb column; a NUL in an action's output or a state's data becomes U+FFFD (server/db/jsonb.ts). */
const json = jsonbText;

/**
 * Commits one or more consecutive steps: inserts their step runs at the next sequences and moves
 * the checkpoint by the last one's update, only if the execution is still in `fromStatus` with
 * `expectedSteps` steps. Returns false when it was cancelled or advanced by someone else meanwhile
 * (nothing is written then).
 */
export async function commitStep(args: {
  organizationId: string;
  executionId: string;
  expectedSteps: number;
  fromStatus: "running" | "waiting";
  step: StepInsert | StepInsert[];
  update: CheckpointUpdate;
}): Promise<boolean> {
  const { executionId, expectedSteps, update } = args;
  const steps = Array.isArray(args.step) ? args.step : [args.step];
  const n = steps.length;
  if (n === 0) throw new Error("commitStep needs at least one step");
  return db().$transaction(async (tx) => {
    let changed: number;
    const guard = { id: executionId, status: args.fromStatus, steps: expectedSteps };
    switch (update.kind) {
      case "continue":
        // From a worker the execution keeps running; resumed by an event it waits for a worker.
        changed = await tx.$executeRaw`UPDATE execution SET steps_committed = steps_committed + ${n},
            status = ${args.fromStatus === "running" ? "running" : "queued"}::"ExecutionStatus",
            current_state = ${update.state}, current_input = ${json(update.input)}::jsonb, retry_count = 0, retrier_attempts = NULL,
            state_entered_at = now(), state_visits = ${json(update.visits)}::jsonb, wait_for = NULL, wait_until = NULL, updated_at = now()
          WHERE id = ${guard.id}::uuid AND status = ${guard.status}::"ExecutionStatus" AND steps_committed = ${guard.steps}`;
        if (changed && args.fromStatus === "waiting") await enqueueExecutionRun(tx, executionId);
        break;
      case "succeeded":
      case "failed":
        changed = await tx.$executeRaw`UPDATE execution SET steps_committed = steps_committed + ${n},
            status = ${update.kind}::"ExecutionStatus", output = ${json(update.kind === "succeeded" ? update.output : undefined)}::jsonb,
            error = ${json(update.kind === "failed" ? update.error : undefined)}::jsonb, finished_at = now(), lease_until = NULL,
            -- A failed execution keeps its failed state's sealed input: a replay from that state needs the real values.
            current_input = CASE WHEN ${update.kind} = 'failed' THEN current_input END,
            wait_for = NULL, wait_until = NULL, updated_at = now()
          WHERE id = ${guard.id}::uuid AND status = ${guard.status}::"ExecutionStatus" AND steps_committed = ${guard.steps}`;
        if (changed) {
          await removeExecutionRun(tx, executionId);
          await enqueueLifecycleSettle(tx, executionId);
        }
        break;
      case "park":
        changed = await tx.$executeRaw`UPDATE execution SET steps_committed = steps_committed + ${n}, status = 'waiting',
            current_state = ${update.state}, current_input = ${json(update.input)}::jsonb, retry_count = ${update.retryCount},
            retrier_attempts = ${json(update.retrierAttempts)}::jsonb, state_entered_at = coalesce(${update.enteredAt}::timestamptz, state_entered_at),
            state_visits = ${json(update.visits)}::jsonb, wait_for = ${json(update.waitFor)}::jsonb, wait_until = ${update.until}::timestamptz,
            lease_until = NULL, updated_at = now()
          WHERE id = ${guard.id}::uuid AND status = ${guard.status}::"ExecutionStatus" AND steps_committed = ${guard.steps}`;
        if (changed && update.until) await enqueueExecutionRun(tx, executionId, update.until);
        break;
    }
    if (changed === 0) return false;
    const rows = steps.map((s, i) => ({
      sequence: expectedSteps + 1 + i,
      state_name: s.stateName,
      state_type: s.stateType,
      attempt: s.attempt,
      status: s.status,
      // As JSON text, so an undefined value stays SQL NULL and a null one stays JSON null.
      input: json(s.input),
      output: json(s.output),
      error: json(s.error),
      calls: json(s.calls),
      started_at: s.startedAt.toISOString(),
      duration_ms: s.durationMs,
    }));
    await tx.$executeRaw`INSERT INTO step_run (id, organization_id, execution_id, sequence, state_name, state_type, attempt, status, input, output, error, calls, started_at, duration_ms)
      SELECT gen_random_uuid(), ${args.organizationId}::uuid, ${executionId}::uuid, r.sequence, r.state_name, r.state_type, r.attempt, r.status,
             r.input::jsonb, r.output::jsonb, r.error::jsonb, r.calls::jsonb, r.started_at, r.duration_ms
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(sequence int, state_name text, state_type text, attempt int, status text,
             input text, output text, error text, calls text, started_at timestamptz, duration_ms int)`;
    return true;
  });
}

/**
 * A run that stopped early (a synchronous flow past its timeout in the web process) goes back to
 * the queue for a worker to finish, from the step it committed last.
 */
export async function requeueExecution(executionId: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const changed = await tx.$executeRaw`UPDATE execution SET status = 'queued', lease_until = NULL, updated_at = now()
      WHERE id = ${executionId}::uuid AND status = 'running'`;
    if (changed) await enqueueExecutionRun(tx, executionId);
  });
}

/** The latest execution of each flow started by a trigger (the current deploy or remove attempt per flow). */
export function latestExecutionsByFlow(organizationId: string, instanceId: string, trigger: string) {
  return db().$queryRaw<{ id: string; flow_key: string; status: ExecutionStatus; error: unknown }[]>`
    SELECT DISTINCT ON (flow_key) id, flow_key, status, error FROM execution
     WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid AND trigger = ${trigger}
     ORDER BY flow_key, created_at DESC`;
}

export async function listExecutionIdsForEvent(organizationId: string, eventId: string): Promise<string[]> {
  const rows = await db().execution.findMany({ where: { organizationId, eventId }, select: { id: true }, orderBy: { createdAt: "asc" } });
  return rows.map((row) => row.id);
}

/** Executions whose worker died (lease lapsed) go back to the queue. */
export async function requeueAbandoned(): Promise<string[]> {
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE execution SET status = 'queued', lease_until = NULL, updated_at = now()
       WHERE id IN (SELECT id FROM execution WHERE status = 'running' AND lease_until < now() ORDER BY lease_until LIMIT 100 FOR UPDATE SKIP LOCKED)
      RETURNING id`;
    for (const row of rows) await enqueueExecutionRun(tx, row.id);
    return rows.map((r) => r.id);
  });
}

/**
 * Executions that should run but have nothing left to run them: queued, or waiting past their
 * wake-up time, with no live job. That happens when a worker lost the database while taking the
 * job: graphile-worker could not hand the job back and keeps it locked for hours. After `graceMs`
 * (a lease) such an execution gets a fresh job; claiming is atomic, so a spare job is harmless.
 */
export async function requeueOrphaned(graceMs: number): Promise<string[]> {
  const grace = graceMs / 1000;
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT x.id FROM execution x
       WHERE (x.status = 'queued' OR (x.status = 'waiting' AND x.wait_until < now() - make_interval(secs => ${grace})))
         AND x.updated_at < now() - make_interval(secs => ${grace})
         AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j
                          WHERE j.key = 'exec:' || x.id::text AND j.attempts < j.max_attempts
                            AND (j.locked_at IS NULL OR j.locked_at > now() - make_interval(secs => ${grace})))
       ORDER BY x.updated_at LIMIT 100 FOR UPDATE OF x SKIP LOCKED`;
    for (const row of rows) await enqueueExecutionRun(tx, row.id, null);
    return rows.map((r) => r.id);
  });
}

export function findExecution(organizationId: string, id: string) {
  return db().execution.findFirst({ where: { organizationId, id } });
}

export function listStepRuns(organizationId: string, executionId: string) {
  return db().stepRun.findMany({ where: { organizationId, executionId }, orderBy: { sequence: "asc" } });
}

/** Cancels unless already finished; drops its pending job in the same transaction. */
export async function cancelExecutionRow(organizationId: string, id: string): Promise<boolean> {
  return db().$transaction(async (tx) => {
    const changed = await tx.$executeRaw`UPDATE execution SET status = 'cancelled', finished_at = now(), lease_until = NULL, wait_until = NULL, current_input = NULL, updated_at = now()
      WHERE id = ${id}::uuid AND organization_id = ${organizationId}::uuid AND status IN ('queued', 'running', 'waiting')`;
    if (changed) {
      await removeExecutionRun(tx, id);
      await enqueueLifecycleSettle(tx, id);
    }
    return changed > 0;
  });
}

/** Executions of an instance parked on a WaitForEvent state. */
export function findEventWaiters(organizationId: string, instanceId: string) {
  return db().$queryRaw<ExecutionRow[]>`
    SELECT id, organization_id, instance_id, integration_version_id, flow_key, trigger, status, input, current_state, current_input,
           retry_count, retrier_attempts, state_entered_at, state_visits, steps_committed, wait_for, created_at, event_id
      FROM execution
     WHERE organization_id = ${organizationId}::uuid AND instance_id = ${instanceId}::uuid AND status = 'waiting' AND wait_for->>'kind' = 'event'
     ORDER BY created_at`;
}

export function findVersionManifest(organizationId: string, versionId: string, client: Pick<Prisma.TransactionClient, "integrationVersion"> = db()) {
  return client.integrationVersion.findFirst({ where: { organizationId, id: versionId }, select: { manifest: true, version: true } });
}
