/**
 * The benchmark's load with workers dying: a provider offers signed webhooks at a steady
 * RELIABILITY_RATE (default 500/s) for RELIABILITY_SECONDS (default 8) to the web process's
 * webhook path, two workers run the flows (two side-effecting calls each), and a worker is killed
 * with SIGKILL twice while the load runs (each time the one started most recently; a new one takes
 * its place, as a supervisor would start it again).
 *
 * Afterwards: nothing acknowledged was lost, each execution succeeded once, at most the action that
 * was running when its worker died ran again — with the same idempotency key, so the sink applied
 * it once — no execution ran in two workers at once, and no run job is left behind.
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, tokenOf, uniqueKey } from "@/server/testing/hooks";
import {
  effectFlowManifest,
  ingestProcess,
  sendAtRate,
  startEffectSink,
  workerProcess,
  type EffectSink,
  type ServiceProcess,
} from "@/server/testing/reliability";
import { auditRun, expectCleanAudit, executionsUnfinished, leftoverRunJobs } from "@/server/testing/reliability-audit";
import { waitFor } from "@/server/testing/test-worker";

const RATE = Number(process.env.RELIABILITY_RATE ?? 500);
const SECONDS = Number(process.env.RELIABILITY_SECONDS ?? 8);
const KILLS = 2;
const SECRET = "kill-under-load-secret-0123456789";
// Short, so a killed worker's executions come back within seconds; long enough that a live worker
// starved of CPU on a busy machine still renews in time (a lapsed live lease would be taken over).
const LEASE_MS = 5000;
const TIMEOUT_MS = 600_000;

const services: ServiceProcess[] = [];
let sink: EffectSink | undefined;
afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
});

describe("workers killed under load", () => {
  it(
    `loses nothing and applies no effect twice at ${RATE} webhooks/s with a worker killed ${KILLS} times`,
    async () => {
      sink = await startEffectSink({ delayMs: 5 });
      const { organization } = await createOrganizationWithMember();
      await allowNetworkDestination(organization.id, sink.origin);
      const { instance } = await deployIntegration({
        organizationId: organization.id,
        manifest: effectFlowManifest(uniqueKey("under-load"), SECRET, sink.url),
      });
      const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

      const databaseUrl = inject("databaseUrl");
      const web = ingestProcess(databaseUrl);
      const workers = [workerProcess(databaseUrl, LEASE_MS, 25), workerProcess(databaseUrl, LEASE_MS, 25)];
      services.push(web, ...workers);
      await Promise.all([web.start(), ...workers.map((w) => w.start())]);

      const total = Math.round(RATE * SECONDS);
      let kills = 0;
      let killsMidAction = 0;
      const startedAt = Date.now();
      let offeredSeconds = 0;
      const load = sendAtRate({ rate: RATE, seconds: SECONDS, secret: SECRET, url: () => `http://127.0.0.1:${web.port}/api/hooks/${token}` }).then((run) => {
        offeredSeconds = (Date.now() - startedAt) / 1000;
        return run;
      });
      const killer = (async () => {
        for (let i = 1; i <= KILLS; i++) {
          // Evenly spaced over the load, each time with the sink handling a flow's call.
          await new Promise((r) => setTimeout(r, (SECONDS * 1000) / (KILLS + 1)));
          await waitFor(async () => sink!.inFlight > 0, `an action in flight before kill ${i}`, 60_000);
          if (sink!.inFlight > 0) killsMidAction++;
          await workers[workers.length - 1].restart();
          kills++;
        }
      })();
      const [sent] = await Promise.all([load, killer]);
      const loadSeconds = (Date.now() - startedAt) / 1000;
      await waitFor(
        async () => {
          for (const service of [web, ...workers]) if (!service.alive) throw new Error(`a process died on its own: ${service.unexpectedExits.join("; ")}`);
          return (await executionsUnfinished(instance.id)) === 0;
        },
        "every execution to finish",
        TIMEOUT_MS,
      );
      const drainSeconds = (Date.now() - startedAt) / 1000 - loadSeconds;

      expect(kills).toBe(KILLS);
      expect(killsMidAction).toBeGreaterThan(0);
      expect([web, ...workers].flatMap((service) => service.unexpectedExits)).toEqual([]);
      expect(sent.acknowledged.size).toBe(total);
      const audit = await auditRun(instance.id, sent.acknowledged, sink);
      expectCleanAudit(audit, total);
      expect(sink.overlaps).toEqual([]);
      await waitFor(async () => (await leftoverRunJobs(instance.id)).length === 0, "no run job left behind", 30_000).catch(async () => {
        expect(await leftoverRunJobs(instance.id)).toEqual([]);
      });
      console.info(
        `worker kills under load: ${total} deliveries offered at ${RATE}/s, all answered after ${offeredSeconds.toFixed(1)} s (${JSON.stringify(Object.fromEntries(sent.answers))}), ` +
          `${kills} worker kills (${killsMidAction} with an action in flight), drained ${drainSeconds.toFixed(1)} s after the load; ` +
          `${audit.executions} executions succeeded, ${sink.applied.size} effects, ${sink.replays} re-runs deduplicated by key, 0 lost, 0 duplicate effects, 0 overlapping runs, 0 jobs left`,
      );
      await dropQueuedRuns(organization.id);
    },
    TIMEOUT_MS,
  );
});
