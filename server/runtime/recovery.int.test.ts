/**
 * An execution whose job a worker took just as the database went away: the claim failed, so did
 * handing the job back, and graphile-worker keeps that job locked for hours. `requeueOrphaned`
 * gives such an execution a fresh job after a lease, and leaves executions with a live job alone.
 */
import { describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns } from "@/server/testing/hooks";
import { requeueOrphaned } from "./recovery.repo";
import { startExecution } from "@/server/modules/executions/executions.service";

const manifest = `key: orphan-${Date.now()}
name: Orphans
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;

async function jobsOf(executionId: string) {
  return db().$queryRaw<{ id: string; locked_at: Date | null }[]>`SELECT id::text, locked_at FROM graphile_worker.jobs WHERE key = ${`exec:${executionId}`}`;
}

describe("requeueOrphaned", () => {
  it("queues a fresh job for a queued execution whose job was left locked by a worker that lost the database", async () => {
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest });
    const start = () => startExecution(organization.id, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });
    const orphan = await start();
    const healthy = await start();
    // The orphan's job was taken a minute ago and never handed back; both executions are a minute old.
    await db().$executeRaw`UPDATE graphile_worker._private_jobs SET locked_at = now() - interval '1 minute', locked_by = 'pool-gone' WHERE key = ${`exec:${orphan.id}`}`;
    await db().$executeRaw`UPDATE execution SET updated_at = now() - interval '1 minute' WHERE id IN (${orphan.id}::uuid, ${healthy.id}::uuid)`;
    const [stuck] = await jobsOf(orphan.id);

    const requeued = await requeueOrphaned(5_000);

    expect(requeued).toContain(orphan.id);
    expect(requeued).not.toContain(healthy.id);
    // The locked job lost its key to the new one, which any worker can take now.
    const [fresh] = await jobsOf(orphan.id);
    expect(fresh.id).not.toBe(stuck.id);
    expect(fresh.locked_at).toBeNull();
    // Within the grace period nothing happens again.
    expect(await requeueOrphaned(5_000)).not.toContain(orphan.id);
    await dropQueuedRuns(organization.id);
  });
});
