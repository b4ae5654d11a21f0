/**
 * Flow concurrency with real worker processes (`npm run worker`'s runtime, server/testing/worker-process.ts)
 * on a database of their own: deliveries go through the real route handler, each execution calls an
 * effect sink twice (a first and a last step, both carrying the event's group and number), and the
 * sink records which executions of a group were under way at once and in which order they began.
 *
 * - fifo keyed on the record: 50 events for 5 records never overlap within a record and keep each
 *   record's order, with two workers of 4 slots each — and one of them killed with SIGKILL midway.
 * - throttled max 2: never a third execution under way, with two workers.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { runOperation } from "@/server/api/operation";
import { executionOperations } from "@/server/api/operations/executions";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { endpointUrls, githubDelivery, postHook, uniqueKey } from "@/server/testing/hooks";
import { startEffectSink, workerProcess, type EffectSink, type ServiceProcess } from "@/server/testing/reliability";
import { executionsUnfinished, leftoverRunJobs } from "@/server/testing/reliability-audit";
import { waitFor } from "@/server/testing/test-worker";

const SECRET = "flow-concurrency-secret-0123456789";
const LEASE_MS = 2000;
const TIMEOUT_MS = 240_000;

function queuedManifest(key: string, concurrency: string, sinkUrl: string): string {
  const effect = (step: string, next: string) =>
    `{ Type: Action, Action: http.request, Parameters: { method: POST, url: "${sinkUrl}", idempotencyKey: true, body: { step: ${step}, "group.$": "$.body.repo", "seq.$": "$.body.seq" } }, ResultPath: null, Next: ${next} }`;
  return `key: ${key}
name: Queued effects
flows:
  - key: events
    trigger: { type: webhook, verify: { preset: github, secret: ${SECRET} } }
    concurrency: ${concurrency}
    StartAt: Charge
    States:
      Charge: ${effect("charge", "Notify")}
      Notify: ${effect("notify", "Done")}
      Done: { Type: Succeed }
`;
}

let databaseUrl = "";
let sink: EffectSink | undefined;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  databaseUrl = await useFreshDatabase("concurrency");
  sink = await startEffectSink({ delayMs: 60 });
});

afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
  useDatabase(inject("databaseUrl"));
});

async function deployQueued(concurrency: string) {
  const { organization } = await createOrganizationWithMember();
  await allowNetworkDestination(organization.id, sink!.origin);
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest: queuedManifest(uniqueKey("queued"), concurrency, sink!.url) });
  const url = (await endpointUrls(organization.id, instance.id)).get("events")!;
  return { organizationId: organization.id, instanceId: instance.id, url };
}

/** Delivers the events one after another (their arrival order), answered 202 each. */
async function deliver(url: string, events: { repo: string; seq: number }[]): Promise<void> {
  for (const event of events) {
    const delivery = githubDelivery(SECRET, event);
    const response = await postHook(url, { body: delivery.body, headers: delivery.headers });
    expect(response.status).toBe(202);
  }
}

async function startWorkers(count: number): Promise<ServiceProcess[]> {
  const workers = Array.from({ length: count }, () => workerProcess(databaseUrl, LEASE_MS, 4));
  services.push(...workers);
  await Promise.all(workers.map((worker) => worker.start()));
  return workers;
}

async function executionIdsInOrder(instanceId: string): Promise<string[]> {
  const rows = await db().execution.findMany({ where: { instanceId }, orderBy: { id: "asc" }, select: { id: true } });
  return rows.map((row) => row.id);
}

describe("flow concurrency across worker processes", () => {
  it(
    "fifo per record: 50 events for 5 records never overlap within a record and keep each record's order, through a worker's SIGKILL",
    async () => {
      const { organizationId, instanceId, url } = await deployQueued("{ mode: fifo, key: $.body.repo }");
      const repos = ["alpha", "beta", "gamma", "delta", "epsilon"];
      // Interleaved, as a provider sends them: alpha 0, beta 0, …, alpha 1, …
      const events = Array.from({ length: 50 }, (_, n) => ({ repo: repos[n % 5], seq: Math.floor(n / 5) }));
      await deliver(url, events);

      // Before any worker runs: the second event of a record says it waits for the first.
      const ids = await executionIdsInOrder(instanceId);
      const secondOfAlpha = await runOperation(executionOperations.get, organizationId, { id: ids[5] });
      expect(secondOfAlpha.status).toBe("queued");
      expect(secondOfAlpha.waitingFor).toBe(
        "Waiting for its turn: events with the same key run one at a time, in arrival order; 1 execution of the same queue goes first.",
      );

      const workers = await startWorkers(2);
      // A third of the way in, with executions under way in both workers, one worker dies.
      await waitFor(async () => (await executionsUnfinished(instanceId)) <= 35, "a third of the events handled", TIMEOUT_MS);
      await waitFor(
        async () => {
          const holders = await db().$queryRaw<{ n: bigint }[]>`
        SELECT count(DISTINCT leased_by) AS n FROM execution WHERE instance_id = ${instanceId}::uuid AND status = 'running' AND leased_by IS NOT NULL`;
          return Number(holders[0].n) >= 2;
        },
        "both workers running executions",
        TIMEOUT_MS,
      );
      await workers[0].kill();
      await waitFor(
        async () => {
          if (!workers[1].alive) throw new Error(`the surviving worker died: ${workers[1].unexpectedExits.join("; ")}`);
          return (await executionsUnfinished(instanceId)) === 0;
        },
        "every event to be handled",
        TIMEOUT_MS,
      );

      const statuses = await db().execution.groupBy({ by: ["status"], where: { instanceId }, _count: true });
      expect(statuses.map((s) => [s.status, s._count])).toEqual([["succeeded", 50]]);
      for (const repo of repos) {
        const group = sink!.groups.get(repo)!;
        expect(group.overlaps, repo).toEqual([]);
        expect(group.maxUnderWay, repo).toBe(1);
        expect(group.order, repo).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      }
      // Different records did run side by side.
      const byExecution = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM execution a JOIN execution b ON a.instance_id = b.instance_id AND a.id < b.id AND a.concurrency_key <> b.concurrency_key
       WHERE a.instance_id = ${instanceId}::uuid AND a.started_at < b.finished_at AND b.started_at < a.finished_at`;
      expect(Number(byExecution[0].n)).toBeGreaterThan(0);
      // No run job is left behind: not by the waiting executions, not by the killed worker.
      await waitFor(async () => (await leftoverRunJobs(instanceId)).length === 0, "no run job left behind", 30_000);
      await workers[1].kill();
    },
    TIMEOUT_MS,
  );

  it(
    "throttled max 2: never a third execution under way, with two worker processes",
    async () => {
      const { organizationId, instanceId, url } = await deployQueued("{ mode: throttled, max: 2 }");
      await deliver(
        url,
        Array.from({ length: 24 }, (_, seq) => ({ repo: "all", seq })),
      );
      const ids = await executionIdsInOrder(instanceId);
      expect((await runOperation(executionOperations.get, organizationId, { id: ids[4] })).waitingFor).toBe(
        "Waiting for its turn: this flow runs at most 2 executions at a time for this instance; 4 executions of the same queue go first.",
      );

      const workers = await startWorkers(2);
      await waitFor(async () => (await executionsUnfinished(instanceId)) === 0, "every event to be handled", TIMEOUT_MS);
      const group = sink!.groups.get("all")!;
      expect(group.order).toHaveLength(24);
      // Two at a time (the workers had 8 slots between them), never three.
      expect(group.maxUnderWay).toBe(2);
      for (const worker of workers) await worker.kill();
    },
    TIMEOUT_MS,
  );
});
