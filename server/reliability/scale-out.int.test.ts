/**
 * More than one machine's worth of processes on one Postgres: 2 web processes (the web server's
 * webhook path, server/testing/ingest-process.ts) and 3 workers (`npm run worker`'s runtime,
 * server/testing/worker-process.ts), with deliveries sent through both web processes. One worker
 * is killed with SIGKILL while actions are in flight; the other two take over its executions once
 * their leases lapse.
 *
 * Afterwards: every acknowledged delivery ran to completion exactly once (one execution each, every
 * step's effect applied once at the sink), no execution was ever run by two workers at the same
 * time (the sink sees a flow's calls one at a time), and no run job is left behind by the killed
 * worker.
 *
 * Scale: RELIABILITY_DELIVERIES (default 150).
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/server/db/client";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, tokenOf, uniqueKey } from "@/server/testing/hooks";
import {
  effectFlowManifest,
  ingestProcess,
  sendLikeProvider,
  startEffectSink,
  workerProcess,
  type EffectSink,
  type ServiceProcess,
} from "@/server/testing/reliability";
import { auditRun, expectCleanAudit, executionsUnfinished, leftoverRunJobs } from "@/server/testing/reliability-audit";
import { waitFor } from "@/server/testing/test-worker";

const DELIVERIES = Number(process.env.RELIABILITY_DELIVERIES ?? 150);
const SECRET = "scale-out-secret-0123456789";
const LEASE_MS = 2000;
const TIMEOUT_MS = Math.max(300_000, DELIVERIES * 2_000);

const services: ServiceProcess[] = [];
let sink: EffectSink | undefined;
afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
});

describe("several web and worker processes on one Postgres", () => {
  it(
    "runs every acknowledged delivery once, never one execution in two workers at once, and takes over a killed worker's executions",
    async () => {
      sink = await startEffectSink({ delayMs: 40 });
      const { organization } = await createOrganizationWithMember();
      await allowNetworkDestination(organization.id, sink.origin);
      const { instance } = await deployIntegration({ organizationId: organization.id, manifest: effectFlowManifest(uniqueKey("scale"), SECRET, sink.url) });
      const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

      const databaseUrl = inject("databaseUrl");
      const webs = [ingestProcess(databaseUrl), ingestProcess(databaseUrl)];
      const workers = [workerProcess(databaseUrl, LEASE_MS, 8), workerProcess(databaseUrl, LEASE_MS, 8), workerProcess(databaseUrl, LEASE_MS, 8)];
      services.push(...webs, ...workers);
      await Promise.all([...webs, ...workers].map((service) => service.start()));

      let acknowledged = 0;
      let turn = 0;
      const provider = sendLikeProvider({
        count: DELIVERIES,
        secret: SECRET,
        // Round robin over both web processes, as a load balancer would.
        url: () => `http://127.0.0.1:${webs[turn++ % webs.length].port}/api/hooks/${token}`,
        concurrency: 8,
        onAcknowledged: (n) => void (acknowledged = n),
      });

      // A third of the way in, with actions in flight and executions held by more than one worker, one worker dies.
      await waitFor(async () => acknowledged >= DELIVERIES / 3, "a third of the deliveries acknowledged", TIMEOUT_MS);
      await waitFor(
        async () => {
          const holders = await db().$queryRaw<{ n: bigint }[]>`
        SELECT count(DISTINCT leased_by) AS n FROM execution WHERE instance_id = ${instance.id}::uuid AND status = 'running' AND leased_by IS NOT NULL`;
          return sink!.inFlight > 0 && Number(holders[0].n) >= 2;
        },
        "two workers running executions, with an action in flight",
        60_000,
      );
      const running = await db().execution.findMany({ where: { instanceId: instance.id, status: "running" }, select: { id: true } });
      const killedAt = Date.now();
      await workers[0].kill();

      const sent = await provider;
      await waitFor(
        async () => {
          for (const service of [...webs, ...workers.slice(1)])
            if (!service.alive) throw new Error(`a process died on its own: ${service.unexpectedExits.join("; ")}`);
          return (await executionsUnfinished(instance.id)) === 0;
        },
        "every execution to finish",
        TIMEOUT_MS,
      );
      const lastOfRunning = await db().execution.aggregate({ where: { id: { in: running.map((r) => r.id) } }, _max: { finishedAt: true } });

      expect([...webs, ...workers].flatMap((service) => service.unexpectedExits)).toEqual([]);
      expect(sent.acknowledged.size).toBe(DELIVERIES);
      const audit = await auditRun(instance.id, sent.acknowledged, sink);
      expectCleanAudit(audit, DELIVERIES);
      expect(sink.overlaps).toEqual([]);
      // Both web processes took deliveries; the surviving workers ran executions after the kill.
      const workersAfterKill = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(DISTINCT s.execution_id) AS n FROM step_run s JOIN execution x ON x.id = s.execution_id
       WHERE x.instance_id = ${instance.id}::uuid AND s.started_at > ${new Date(killedAt)}`;
      expect(Number(workersAfterKill[0].n)).toBeGreaterThan(0);
      // Nothing of the killed worker stays behind in the job table.
      await waitFor(async () => (await leftoverRunJobs(instance.id)).length === 0, "no run job left behind", 30_000).catch(async () => {
        expect(await leftoverRunJobs(instance.id)).toEqual([]);
      });
      console.info(
        `scale-out: 2 web + 3 workers, ${DELIVERIES} deliveries (${JSON.stringify(Object.fromEntries(sent.answers))}), one worker killed with ${running.length} executions running; ` +
          `the last of those finished ${(((lastOfRunning._max.finishedAt?.getTime() ?? killedAt) - killedAt) / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS / 1000} s); ` +
          `${sink.applied.size} effects, ${sink.replays} re-runs deduplicated by key, 0 overlapping runs, 0 duplicate effects, 0 jobs left`,
      );
      await dropQueuedRuns(organization.id);
    },
    TIMEOUT_MS,
  );
});
