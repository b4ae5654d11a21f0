/**
 * Getting executions going again after their runner stopped, on a database of its own (recovery
 * looks at every organization's executions and jobs):
 * - a worker that died holding leases: its executions go back to the queue ahead of new work, and
 *   every job its pool held is unlocked and reused, so nothing stays behind in the job table;
 * - a job a worker took just as the database went away (claim and hand-back both failed; graphile-
 *   worker keeps it locked for hours): the execution gets a fresh job after a lease;
 * - run jobs out of attempts are removed;
 * - a job whose execution finished but whose end was never recorded (the worker died in between)
 *   is removed after a lease, and the dead pool's other jobs are unlocked.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { useRuntimeConfig } from "@/server/env";
import { startExecution } from "@/server/modules/executions/executions.service";
import { createOrganizationWithMember, deployIntegration, testRuntimeConfig } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { dropFinishedRunJobs, dropSpentRunJobs, requeueOrphaned, RESUMED_PRIORITY, resumeAbandoned } from "./recovery.repo";

const manifest = `key: recovery
name: Recovery
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

let organizationId: string;
let instanceId: string;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await useFreshDatabase("recovery");
  useRuntimeConfig(testRuntimeConfig(databaseUrl));
  organizationId = (await createOrganizationWithMember()).organization.id;
  instanceId = (await deployIntegration({ organizationId, manifest })).instance.id;
});

afterAll(() => {
  useDatabase(inject("databaseUrl"));
  useRuntimeConfig(testRuntimeConfig(inject("databaseUrl")));
});

const start = () => startExecution(organizationId, { instanceId, flowKey: "main", input: {}, trigger: "manual" });

async function jobsOf(executionId: string) {
  return db().$queryRaw<{ id: string; locked_at: Date | null; locked_by: string | null; attempts: number; priority: number }[]>`
    SELECT id::text, locked_at, locked_by, attempts, priority FROM graphile_worker.jobs WHERE key = ${`exec:${executionId}`}`;
}

async function runJobCount(): Promise<number> {
  const [row] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE task_identifier = 'execution:run'`;
  return Number(row.n);
}

/** As a worker pool leaves things when it is killed: its jobs locked, its running executions leased to it. */
async function abandon(executionId: string, pool: string, running: boolean) {
  await db()
    .$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = ${pool}, attempts = 1 WHERE key = ${`exec:${executionId}`}`;
  if (running) {
    await db()
      .$executeRaw`UPDATE execution SET status = 'running', lease_until = now() - interval '1 second', leased_by = ${pool}, updated_at = now() - interval '1 minute'
      WHERE id = ${executionId}::uuid`;
  }
}

describe("recovery", () => {
  it("resumes a dead pool's executions ahead of new work and frees every job it held, leaving none behind", async () => {
    const running = await start();
    const fetched = await start();
    await abandon(running.id, "pool-dead", true);
    // Fetched into the dead pool's local queue, never claimed.
    await abandon(fetched.id, "pool-dead", false);
    const [before] = await jobsOf(running.id);
    const jobs = await runJobCount();

    expect(await resumeAbandoned()).toEqual([running.id]);

    const execution = await db().execution.findUniqueOrThrow({ where: { id: running.id }, select: { status: true, leaseUntil: true, leasedBy: true } });
    expect(execution).toEqual({ status: "queued", leaseUntil: null, leasedBy: null });
    // The same job, unlocked and first in line; the pool's other job unlocked too; no job added.
    const [after] = await jobsOf(running.id);
    expect(after).toMatchObject({ id: before.id, locked_at: null, locked_by: null, attempts: 0, priority: RESUMED_PRIORITY });
    expect((await jobsOf(fetched.id))[0]).toMatchObject({ locked_at: null, locked_by: null });
    expect(await runJobCount()).toBe(jobs);

    // A worker runs the resumed execution before a backlog queued earlier than it was resumed.
    const backlog = await Promise.all(Array.from({ length: 30 }, start));
    await db()
      .$executeRaw`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 hour' WHERE key = ANY(${backlog.map((b) => `exec:${b.id}`)}::text[])`;
    const worker = await startTestWorker({ actionInvoker: () => async () => ({}), concurrency: 1, databaseUrl });
    try {
      await waitFor(async () => (await db().execution.count({ where: { instanceId, status: "queued" } })) === 0, "the queue to drain");
    } finally {
      await worker.stop();
    }
    const order = await db().execution.findMany({
      where: { id: { in: [running.id, ...backlog.map((b) => b.id)] } },
      orderBy: { finishedAt: "asc" },
      select: { id: true },
    });
    expect(order.findIndex((x) => x.id === running.id)).toBeLessThan(3);
    expect(await runJobCount()).toBe(0);
  });

  it("queues a fresh job for a queued execution whose job was left locked by a worker that lost the database", async () => {
    const orphan = await start();
    const healthy = await start();
    // The orphan's job was taken a minute ago and never handed back; both executions are a minute old.
    await db()
      .$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = 'pool-gone' WHERE key = ${`exec:${orphan.id}`}`;
    await db().$executeRaw`UPDATE execution SET updated_at = now() - interval '1 minute' WHERE id IN (${orphan.id}::uuid, ${healthy.id}::uuid)`;
    const [stuck] = await jobsOf(orphan.id);

    const requeued = await requeueOrphaned(5_000);

    expect(requeued).toContain(orphan.id);
    expect(requeued).not.toContain(healthy.id);
    // The locked job lost its key to the new one, which any worker can take now.
    const [fresh] = await jobsOf(orphan.id);
    expect(fresh.id).not.toBe(stuck.id);
    expect(fresh.locked_at).toBeNull();
    expect(fresh.priority).toBe(RESUMED_PRIORITY);
    // Within the grace period nothing happens again.
    expect(await requeueOrphaned(5_000)).not.toContain(orphan.id);

    // Once graphile-worker unlocks the stale job (after its four hours), it can never run again: it goes.
    await db().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = NULL, locked_by = NULL WHERE id = ${stuck.id}::bigint`;
    expect(await dropSpentRunJobs()).toBe(1);
    const [left] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM graphile_worker.jobs WHERE id = ${stuck.id}::bigint`;
    expect(Number(left.n)).toBe(0);
    expect(await jobsOf(orphan.id)).toHaveLength(1);
  });

  it("removes the job of a finished execution that a dead pool still holds, and unlocks the pool's other jobs", async () => {
    const finished = await start();
    const pending = await start();
    const young = await start();
    // The pool ran `finished` to its end and died before its job's end was written; it had also
    // fetched `pending` into its local queue. Another, live pool has just finished `young`.
    await db().$executeRaw`UPDATE execution SET status = 'succeeded', finished_at = now() WHERE id IN (${finished.id}::uuid, ${young.id}::uuid)`;
    await db()
      .$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = 'pool-died-late' WHERE key IN (${`exec:${finished.id}`}, ${`exec:${pending.id}`})`;
    await db().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now(), locked_by = 'pool-alive' WHERE key = ${`exec:${young.id}`}`;

    expect(await dropFinishedRunJobs(5_000)).toBe(1);

    expect(await jobsOf(finished.id)).toHaveLength(0);
    const [next] = await jobsOf(pending.id);
    expect(next.locked_by).toBeNull();
    // Within its grace a live pool's job is its own.
    const [held] = await jobsOf(young.id);
    expect(held.locked_by).toBe("pool-alive");
    expect(await dropFinishedRunJobs(5_000)).toBe(0);
  });
});
