/**
 * kill -9 of the web process and of the worker, several times each, while a provider streams
 * GitHub-signed webhooks at the real ingest route. Each delivery starts a flow with two
 * side-effecting steps (`http.request` POSTs to a local sink, allowed by the organization's
 * network allow-list, each carrying the step's idempotency key `<executionId>:<state>:<attempt>`).
 * The provider retries whatever is not answered 2xx with the same delivery id, so dedupe applies.
 *
 * Afterwards: every acknowledged delivery has exactly one execution, every execution succeeded,
 * every execution's step rows match its checkpoint, and no side effect ran twice for the same
 * step. "Ran twice" is counted at the sink, which (like Stripe) applies one effect per
 * idempotency key and answers a repeat of a key without applying it again: a step re-run after a
 * kill sends its key again and is a deduplicated retry (reported as "replays"), while two
 * different keys applied for the same step of one execution (a second attempt of a step whose
 * first had in fact landed) are a duplicate effect, and must not happen.
 *
 * Scale: RELIABILITY_DELIVERIES (default 80) and RELIABILITY_KILLS (kills of each process, default 2).
 */
import { afterAll, describe, expect, inject, it } from "vitest";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, tokenOf, uniqueKey } from "@/server/testing/hooks";
import {
  EFFECT_STATES,
  effectFlowManifest,
  ingestProcess,
  sendLikeProvider,
  startEffectSink,
  workerProcess,
  type EffectSink,
  type ServiceProcess,
} from "@/server/testing/reliability";
import { auditRun, expectCleanAudit, executionsUnfinished } from "@/server/testing/reliability-audit";
import { waitFor } from "@/server/testing/test-worker";

const DELIVERIES = Number(process.env.RELIABILITY_DELIVERIES ?? 80);
const KILLS = Number(process.env.RELIABILITY_KILLS ?? 2);
const SECRET = "crash-restart-secret-0123456789";
const LEASE_MS = 1500;
// Generous: on a busy machine each restart of a process can take tens of seconds.
const TIMEOUT_MS = Math.max(420_000, DELIVERIES * 2_000 + KILLS * 120_000);

const services: ServiceProcess[] = [];
let sink: EffectSink | undefined;
afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
});

describe("crash and restart", () => {
  it(
    "loses no acknowledged delivery and repeats no side effect when web and worker are killed -9 repeatedly",
    async () => {
      sink = await startEffectSink({ delayMs: 30 });
      const { organization } = await createOrganizationWithMember();
      await allowNetworkDestination(organization.id, sink.origin);
      const { instance } = await deployIntegration({ organizationId: organization.id, manifest: effectFlowManifest(uniqueKey("crash"), SECRET, sink.url) });
      const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

      const databaseUrl = inject("databaseUrl");
      const web = ingestProcess(databaseUrl);
      const worker = workerProcess(databaseUrl, LEASE_MS);
      services.push(web, worker);
      await Promise.all([web.start(), worker.start()]);
      const startedAt = Date.now();
      const restartMs: number[] = [];

      let acknowledged = 0;
      const expectedEffects = DELIVERIES * EFFECT_STATES.length;
      const provider = sendLikeProvider({
        count: DELIVERIES,
        secret: SECRET,
        url: () => `http://127.0.0.1:${web.port}/api/hooks/${token}`,
        concurrency: 8,
        onAcknowledged: (n) => void (acknowledged = n),
      });
      // At evenly spaced points of the stream both processes die together (their restarts overlap,
      // which keeps the test short): the web with deliveries in flight, the worker with an action
      // in flight at the sink.
      let kills = 0;
      let killsMidAction = 0;
      const killer = (async () => {
        for (let i = 1; i <= KILLS; i++) {
          const mark = Math.floor((DELIVERIES * i) / (KILLS + 1));
          await waitFor(async () => acknowledged >= mark, `${mark} deliveries acknowledged before kill ${i}`, TIMEOUT_MS);
          await waitFor(async () => sink!.inFlight > 0 || sink!.applied.size >= expectedEffects, `an action in flight before kill ${i}`, 60_000);
          if (sink!.inFlight > 0) killsMidAction++;
          const killedAt = Date.now();
          await Promise.all([web.restart(), worker.restart()]);
          restartMs.push(Date.now() - killedAt);
          kills++;
        }
      })();
      const [sent] = await Promise.all([provider, killer]);
      const sentAt = Date.now();
      await waitFor(
        async () => {
          if (!web.alive || !worker.alive) throw new Error(`a process died on its own: ${[...web.unexpectedExits, ...worker.unexpectedExits].join("; ")}`);
          return (await executionsUnfinished(instance.id)) === 0;
        },
        "every execution to finish",
        TIMEOUT_MS,
      );
      const drainedAt = Date.now();

      expect(kills).toBe(KILLS);
      expect(killsMidAction).toBeGreaterThan(0);
      expect([...web.unexpectedExits, ...worker.unexpectedExits]).toEqual([]);
      expect(sent.acknowledged.size).toBe(DELIVERIES);

      const audit = await auditRun(instance.id, sent.acknowledged, sink);
      expectCleanAudit(audit, DELIVERIES);
      expect(sink.applied.size).toBe(expectedEffects);
      console.info(
        `crash and restart: ${DELIVERIES} deliveries, ${sent.attempts} requests (${JSON.stringify(Object.fromEntries(sent.answers))}), ` +
          `${sent.acknowledged.size} acknowledged, kills ${kills} web / ${kills} worker (${killsMidAction} with an action in flight), ${audit.executions} executions, 0 lost, ` +
          `${sink.applied.size} effects for ${expectedEffects} steps, ${sink.replays} re-runs deduplicated by key, 0 duplicate effects; ` +
          `stream ${((sentAt - startedAt) / 1000).toFixed(1)} s (restarts took ${restartMs.map((ms) => (ms / 1000).toFixed(1)).join(", ")} s), drained ${((drainedAt - sentAt) / 1000).toFixed(1)} s after the last acknowledgement`,
      );
      await dropQueuedRuns(organization.id);
    },
    TIMEOUT_MS,
  );
});
