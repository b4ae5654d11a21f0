/**
 * Postgres stopped for 10 s (RELIABILITY_OUTAGE_SECONDS) while a provider streams signed webhooks
 * at the real ingest route and a worker runs the flows they start, each flow making two
 * side-effecting calls to a sink that deduplicates by idempotency key.
 *
 * The test runs on a Postgres cluster of its own (server/testing/test-postgres.ts) so the shared
 * one other test files use is never stopped. While the database is away the ingest answers every
 * delivery 503 with Retry-After and a JSON body (never a 500, never a stack) and the provider
 * retries; the web and worker processes are neither restarted nor allowed to die: they reconnect
 * by themselves. Afterwards every acknowledged delivery has exactly one execution, every execution
 * succeeded, each step's effect reached the sink exactly once, and nothing is half-written (an
 * accepted event without its execution, an unfinished execution without its job, step rows out of
 * step with their execution).
 *
 * Scale: RELIABILITY_DELIVERIES (default 120), RELIABILITY_OUTAGE_SECONDS (default 10).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { useDatabase } from "@/server/db/client";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, tokenOf, uniqueKey } from "@/server/testing/hooks";
import {
  effectFlowManifest,
  ingestProcess,
  sendLikeProvider,
  startEffectSink,
  workerProcess,
  type EffectSink,
  type ServiceProcess,
} from "@/server/testing/reliability";
import { auditRun, expectCleanAudit, executionsUnfinished } from "@/server/testing/reliability-audit";
import { startTestPostgres, type TestPostgres } from "@/server/testing/test-postgres";
import { waitFor } from "@/server/testing/test-worker";

const DELIVERIES = Number(process.env.RELIABILITY_DELIVERIES ?? 120);
const OUTAGE_MS = Number(process.env.RELIABILITY_OUTAGE_SECONDS ?? 10) * 1000;
const SECRET = "outage-secret-0123456789";
const TIMEOUT_MS = Math.max(300_000, DELIVERIES * 2_000);

let cluster: TestPostgres;
let databaseUrl: string;
let sink: EffectSink;
const services: ServiceProcess[] = [];

beforeAll(async () => {
  cluster = await startTestPostgres();
  databaseUrl = await cluster.freshDatabase("outage");
  useDatabase(databaseUrl);
  // Slow enough that executions are mid-flight when the database goes away.
  sink = await startEffectSink({ delayMs: 150 });
});

afterAll(async () => {
  for (const service of services) await service.kill();
  await sink?.close();
  useDatabase(inject("databaseUrl"));
  await cluster?.stop();
});

describe("database outage", () => {
  it(
    "answers 503 while Postgres is down, reconnects by itself and completes every acknowledged delivery once",
    async () => {
      const { organization } = await createOrganizationWithMember();
      await allowNetworkDestination(organization.id, sink.origin);
      const { instance } = await deployIntegration({ organizationId: organization.id, manifest: effectFlowManifest(uniqueKey("outage"), SECRET, sink.url) });
      const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

      const web = ingestProcess(databaseUrl);
      const worker = workerProcess(databaseUrl, 3000);
      services.push(web, worker);
      await Promise.all([web.start(), worker.start()]);

      let outage: Promise<void> | undefined;
      let resumedAt = 0;
      const run = sendLikeProvider({
        count: DELIVERIES,
        secret: SECRET,
        url: () => `http://127.0.0.1:${web.port}/api/hooks/${token}`,
        concurrency: 4,
        onAcknowledged: (acknowledged) => {
          // A quarter of the stream gets through, then the database goes away under load.
          if (!outage && acknowledged >= DELIVERIES / 4) {
            outage = (async () => {
              await cluster.pause();
              await new Promise((r) => setTimeout(r, OUTAGE_MS));
              await cluster.resume();
              resumedAt = Date.now();
            })();
          }
        },
      });
      const sent = await run;
      expect([...web.unexpectedExits, ...worker.unexpectedExits]).toEqual([]);
      await outage;
      await waitFor(
        async () => {
          if (!web.alive || !worker.alive) throw new Error(`a process died: ${[...web.unexpectedExits, ...worker.unexpectedExits].join("; ")}`);
          return (await executionsUnfinished(instance.id)) === 0;
        },
        "every execution to finish after the outage",
        TIMEOUT_MS,
      );
      const drainMs = Date.now() - resumedAt;

      // Neither process was restarted or died: both rode the outage out.
      expect(web.unexpectedExits).toEqual([]);
      expect(worker.unexpectedExits).toEqual([]);
      expect(web.starts + worker.starts).toBe(2);

      // The outage was seen, and answered as one: 503 + Retry-After + the JSON error, nothing else.
      const unavailable = sent.serverErrors.filter((a) => a.status === 503);
      expect(unavailable.length).toBeGreaterThan(0);
      expect(sent.serverErrors.filter((a) => a.status !== 503)).toEqual([]);
      for (const answer of sent.serverErrors) {
        expect(Number(answer.retryAfter)).toBeGreaterThan(0);
        expect(JSON.parse(answer.body)).toEqual({ error: { code: "SERVICE_UNAVAILABLE", message: expect.any(String) } });
        expect(answer.body).not.toMatch(/\bat .*\(|\.ts:\d+/);
      }

      expect(sent.acknowledged.size).toBe(DELIVERIES);
      const audit = await auditRun(instance.id, sent.acknowledged, sink);
      expectCleanAudit(audit, DELIVERIES);
      console.info(
        `database outage: ${DELIVERIES} deliveries, ${sent.attempts} requests, ${sent.acknowledged.size} acknowledged, outage ${OUTAGE_MS / 1000} s, ` +
          `${unavailable.length} answered 503, answers ${JSON.stringify(Object.fromEntries(sent.answers))}, ${audit.executions} executions, ` +
          `${sink.applied.size} effects (${sink.replays} replays deduplicated by key), 0 lost, 0 duplicate effects, drained ${(drainMs / 1000).toFixed(1)} s after Postgres returned`,
      );
    },
    TIMEOUT_MS,
  );
});
