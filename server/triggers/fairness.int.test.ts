/**
 * Fairness without losing deliveries, through the real route handler on a database of its own: one
 * customer's burst of 10,000 events is accepted whole (no 429 from the ingest limit), and another
 * customer's single event that arrives after it is run ahead of the burst's backlog instead of
 * behind it. Asserted on ordering (how much of the burst was still waiting when the single event
 * finished), not on time; the time it took is printed for bench/README.md.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { db, useDatabase } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { endpointUrls, githubDelivery, githubIssuesManifest, postHook, uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";

const BURST = Number(process.env.FAIRNESS_BURST ?? 10_000);
const SECRET = "fairness-secret-0123456789abcdef";
const TIMEOUT_MS = 300_000;

let databaseUrl = "";
beforeAll(async () => {
  databaseUrl = await useFreshDatabase("fairness");
});
afterAll(() => useDatabase(inject("databaseUrl")));

async function customerEndpoint(organizationId: string) {
  const { instance } = await deployIntegration({ organizationId, manifest: githubIssuesManifest(uniqueKey("fair")), config: { webhookSecret: SECRET } });
  return { instanceId: instance.id, url: (await endpointUrls(organizationId, instance.id)).get("issues")! };
}

async function deliver(url: string, n: number): Promise<number> {
  const delivery = githubDelivery(SECRET, { action: "opened", issue: { number: n } });
  return (await postHook(url, { body: delivery.body, headers: delivery.headers })).status;
}

describe("fairness between customers", () => {
  it(
    "accepts a customer's burst of 10,000 events whole and runs another customer's single event ahead of its backlog",
    async () => {
      const { organization } = await createOrganizationWithMember();
      const busy = await customerEndpoint(organization.id);
      const quiet = await customerEndpoint(organization.id);

      // The burst, 32 at a time: every delivery is accepted.
      const answers = new Map<number, number>();
      let next = 0;
      const lane = async () => {
        while (next < BURST) {
          const status = await deliver(busy.url, next++);
          answers.set(status, (answers.get(status) ?? 0) + 1);
        }
      };
      const burstStarted = Date.now();
      await Promise.all(Array.from({ length: 32 }, lane));
      const burstSeconds = (Date.now() - burstStarted) / 1000;
      expect(Object.fromEntries(answers)).toEqual({ 202: BURST });

      // Then the other customer's one event, and a worker to run them all.
      expect(await deliver(quiet.url, 1)).toBe(202);
      const [single] = await db().execution.findMany({ where: { instanceId: quiet.instanceId }, select: { id: true, createdAt: true } });
      const worker = await startTestWorker({ actionInvoker: () => async () => ({}), databaseUrl, concurrency: 8 });
      try {
        const finished = await waitFor(
          async () => (await db().execution.findFirst({ where: { id: single.id, status: "succeeded" }, select: { finishedAt: true } }))?.finishedAt,
          "the single event to run",
          TIMEOUT_MS,
        );
        const burstDone = await db().execution.count({ where: { instanceId: busy.instanceId, status: "succeeded" } });
        // It ran ahead of at least nine tenths of the burst's backlog (first in line after the burst's
        // fair share, which went ahead of it because it arrived first).
        expect(burstDone).toBeLessThan(BURST / 10);
        console.info(
          `fairness: a burst of ${BURST} events accepted in ${burstSeconds.toFixed(1)} s (all 202); the other customer's single event ran after ` +
            `${burstDone} of the burst's executions, ${((finished.getTime() - single.createdAt.getTime()) / 1000).toFixed(1)} s after it was accepted (the worker started then)`,
        );
      } finally {
        await worker.stop();
      }
    },
    TIMEOUT_MS,
  );
});
