/**
 * The end-of-run audit of the reliability tests: what the provider was told, what the database
 * holds and what the sink applied, compared.
 */
import { expect } from "vitest";
import { JOBS } from "@/server/jobs/job-catalog";
import { db } from "@/server/db/client";
import { EFFECT_STATES, type EffectSink } from "./reliability";

export interface Audit {
  /** Acknowledged deliveries without exactly one execution. */
  lost: string[];
  /** Acknowledged deliveries with more than one execution. */
  doubled: string[];
  executions: number;
  byStatus: Record<string, number>;
  /** Steps whose side effect was applied at the sink more than once (distinct keys for one step). */
  duplicateEffects: string[];
  /** Effect steps of succeeded executions that never reached the sink. */
  missingEffects: string[];
  /** Applied effects that belong to no execution of this instance. */
  strayEffects: string[];
  /** Executions whose step rows do not match their checkpoint (gaps, repeats, a wrong count). */
  inconsistentSteps: string[];
  /** Accepted events without their executions' jobs, executions not finished without a job or a lease. */
  halfWritten: string[];
}

/**
 * Checks the end state of one instance against what the provider was told and what the sink saw.
 *
 * "Ran twice" means: one step of one execution (`<executionId>:<state>`, for a state entered once)
 * had its side effect applied more than once at the sink. The sink applies one effect per
 * idempotency key, so a re-run of an interrupted step with the same key (`…:0` again) is a
 * deduplicated retry and not a second effect; two different keys for the same step (`…:0` and
 * `…:1`, i.e. the engine retried a step whose first attempt had in fact been applied) are.
 */
export async function auditRun(instanceId: string, acknowledged: Set<string>, sink: EffectSink): Promise<Audit> {
  const executions = await db().$queryRaw<
    { id: string; status: string; dedupe_key: string; steps_committed: number; steps: bigint; max_sequence: number | null }[]
  >`
    SELECT x.id, x.status, e.dedupe_key, x.steps_committed,
           (SELECT count(*) FROM step_run s WHERE s.execution_id = x.id) AS steps,
           (SELECT max(sequence) FROM step_run s WHERE s.execution_id = x.id) AS max_sequence
      FROM execution x JOIN event e ON e.id = x.event_id
     WHERE x.instance_id = ${instanceId}::uuid`;
  const perDelivery = new Map<string, string[]>();
  for (const x of executions) perDelivery.set(x.dedupe_key, [...(perDelivery.get(x.dedupe_key) ?? []), x.id]);
  const byStatus: Record<string, number> = {};
  for (const x of executions) byStatus[x.status] = (byStatus[x.status] ?? 0) + 1;

  const effectsByStep = new Map<string, string[]>();
  const ids = new Set(executions.map((x) => x.id));
  const strayEffects: string[] = [];
  for (const key of sink.applied.keys()) {
    const [executionId, state] = key.split(":");
    if (!ids.has(executionId)) strayEffects.push(key);
    const step = `${executionId}:${state}`;
    effectsByStep.set(step, [...(effectsByStep.get(step) ?? []), key]);
  }
  const halfWritten = await db().$queryRaw<{ problem: string }[]>`
    SELECT 'event ' || e.id || ' accepted without an execution' AS problem
      FROM event e WHERE e.instance_id = ${instanceId}::uuid AND e.verdict = 'accepted'
       AND NOT EXISTS (SELECT 1 FROM execution x WHERE x.event_id = e.id)
    UNION ALL
    SELECT 'execution ' || x.id || ' ' || x.status || ' without a job or a lease'
      FROM execution x WHERE x.instance_id = ${instanceId}::uuid AND x.status IN ('queued', 'waiting')
       AND NOT EXISTS (SELECT 1 FROM graphile_worker.jobs j WHERE j.key = 'exec:' || x.id AND j.attempts < j.max_attempts)`;
  return {
    lost: [...acknowledged].filter((d) => (perDelivery.get(d)?.length ?? 0) === 0),
    doubled: [...perDelivery].filter(([, xs]) => xs.length > 1).map(([d]) => d),
    executions: executions.length,
    byStatus,
    duplicateEffects: [...effectsByStep].filter(([, keys]) => keys.length > 1).map(([step, keys]) => `${step}: ${keys.join(", ")}`),
    missingEffects: executions
      .filter((x) => x.status === "succeeded")
      .flatMap((x) => EFFECT_STATES.map((state) => `${x.id}:${state}`))
      .filter((step) => !effectsByStep.has(step)),
    strayEffects,
    inconsistentSteps: executions.filter((x) => Number(x.steps) !== x.steps_committed || (x.max_sequence ?? 0) !== x.steps_committed).map((x) => x.id),
    halfWritten: halfWritten.map((row) => row.problem),
  };
}

/**
 * Run jobs left in graphile-worker's job table for the instance's executions, locked or not: once
 * every execution finished none may stay behind (a worker's crash must not leave jobs for good).
 * Read from the private table: the public view does not show the payload, and a job whose key was
 * handed on has only its payload to say whose it was.
 */
export async function leftoverRunJobs(instanceId: string): Promise<string[]> {
  const rows = await db().$queryRaw<{ job: string }[]>`
    SELECT j.id::text || ' (' || coalesce(j.key, 'no key') || ', attempts ' || j.attempts || '/' || j.max_attempts || ', ' ||
           CASE WHEN j.locked_at IS NULL THEN 'unlocked' ELSE 'locked by ' || j.locked_by END || ')' AS job
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE t.identifier = ${JOBS.runExecution.name}
       AND (j.payload->>'executionId')::uuid IN (SELECT id FROM execution WHERE instance_id = ${instanceId}::uuid)`;
  return rows.map((row) => row.job);
}

/** Waits until every execution of the instance is finished (succeeded, failed or cancelled). */
export async function executionsUnfinished(instanceId: string): Promise<number> {
  return db().execution.count({ where: { instanceId, status: { in: ["queued", "running", "waiting"] } } });
}

/** Nothing lost, doubled, half-written or applied twice: what every reliability run must end with. */
export function expectCleanAudit(audit: Audit, deliveries: number): void {
  expect(audit.lost).toEqual([]);
  expect(audit.doubled).toEqual([]);
  expect(audit.byStatus).toEqual({ succeeded: deliveries });
  expect(audit.inconsistentSteps).toEqual([]);
  expect(audit.halfWritten).toEqual([]);
  expect(audit.duplicateEffects).toEqual([]);
  expect(audit.missingEffects).toEqual([]);
  expect(audit.strayEffects).toEqual([]);
}
