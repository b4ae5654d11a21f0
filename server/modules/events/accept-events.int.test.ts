/**
 * The ingest's accept statement writes each new execution's first job straight into
 * graphile-worker's job table (queue.repo.ts, firstRunsSql). These tests hold that to what
 * graphile-worker's own `add_job` writes, and show that a worker runs such a job, also on a
 * database where no job was ever queued before.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { JOBS } from "@/server/jobs/job-catalog";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { dropQueuedRuns, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { acceptEvents } from "./accept-events.repo";

const manifest = () => `key: ${uniqueKey("accept")}
name: Accept
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

async function acceptOne() {
  const { organization } = await createOrganizationWithMember();
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest() });
  const row = await db().instance.findUniqueOrThrow({ where: { id: instance.id } });
  const [result] = await acceptEvents([
    {
      record: { organizationId: organization.id, instanceId: instance.id, endpointId: null, source: "webhook", body: Buffer.from("{}") },
      run: { customerId: row.customerId, integrationVersionId: row.integrationVersionId },
      starts: [{ flowKey: "main", input: { n: 1 }, startAt: "Done" }],
    },
  ]);
  if (typeof result === "string") throw new Error(`not accepted: ${result}`);
  return { organizationId: organization.id, executionId: result.executionIds[0] };
}

interface JobRow {
  task: string;
  job_queue_id: number | null;
  payload: unknown;
  priority: number;
  max_attempts: number;
  attempts: number;
  key: string;
  locked_at: Date | null;
  revision: number;
  flags: unknown;
  last_error: string | null;
  is_available: boolean;
  due: boolean;
}

async function jobOf(executionId: string): Promise<JobRow> {
  const rows = await db().$queryRaw<JobRow[]>`
    SELECT t.identifier AS task, j.job_queue_id, j.payload, j.priority, j.max_attempts, j.attempts, j.key, j.locked_at, j.revision, j.flags, j.last_error,
           j.is_available, j.run_at <= now() AS due
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE j.key = ${`exec:${executionId}`}`;
  expect(rows).toHaveLength(1);
  return rows[0];
}

describe("acceptEvents' first runs", () => {
  afterAll(() => useDatabase(inject("databaseUrl")));

  it("queues the same job row graphile-worker's add_job writes for the execution", async () => {
    const { organizationId, executionId } = await acceptOne();
    const ours = await jobOf(executionId);
    // What add_job writes for the same execution, as executions started elsewhere are queued.
    await db().$executeRaw`SELECT graphile_worker.remove_job(${`exec:${executionId}`})`;
    await db().$executeRaw`SELECT graphile_worker.add_job(${JOBS.runExecution.name}, json_build_object('executionId', ${executionId}::uuid), max_attempts := 25,
      job_key := ${`exec:${executionId}`})`;
    const theirs = await jobOf(executionId);
    expect(ours).toEqual(theirs);
    expect(ours).toMatchObject({ task: JOBS.runExecution.name, payload: { executionId }, attempts: 0, is_available: true, due: true, locked_at: null });
    await dropQueuedRuns(organizationId);
  });

  it("is run by the worker, also on a freshly migrated database where no job was ever queued", async () => {
    const fresh = await useFreshDatabase("accept");
    const [{ jobs }] = await db().$queryRaw<{ jobs: bigint }[]>`SELECT count(*) AS jobs FROM graphile_worker._private_jobs`;
    expect(Number(jobs)).toBe(0);

    const { executionId } = await acceptOne();
    const worker = await startTestWorker({ actionInvoker: () => async () => ({}), databaseUrl: fresh });
    try {
      const done = await waitFor(async () => {
        const execution = await db().execution.findUnique({ where: { id: executionId }, select: { status: true } });
        return execution?.status === "succeeded" ? execution : null;
      }, "the accepted execution to succeed");
      expect(done.status).toBe("succeeded");
    } finally {
      await worker.stop();
      useDatabase(inject("databaseUrl"));
    }
  });
});
