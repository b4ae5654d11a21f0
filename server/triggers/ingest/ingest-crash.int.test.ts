/**
 * kill -9 of the web process during a burst: 1,000 signed deliveries with bounded concurrency,
 * the ingest process killed midway and restarted, the failed deliveries retried as a provider
 * would. Every delivery answered 2xx has exactly one execution; none has two.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, describe, expect, inject, it } from "vitest";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { dropQueuedRuns, endpointUrls, githubDelivery, tokenOf, uniqueKey } from "@/server/testing/hooks";

const SECRET = "crash-secret-0123456789";
const DELIVERIES = 1000;
const CONCURRENCY = 16;
const KILL_AFTER = 300;

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
});

function startIngestProcess(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/ingest-process.ts", inject("databaseUrl")], {
    stdio: ["ignore", "pipe", "inherit"],
    // The burst is the point here, not the rate limit.
    env: { ...process.env, WEBHOOK_RATE_LIMIT_BURST: "100000", WEBHOOK_RATE_LIMIT_PER_SECOND: "100000", LOG_LEVEL: "silent" },
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => {
      const match = /ingest ready (\d+)/.exec(String(chunk));
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.once("exit", (code) => reject(new Error(`ingest process exited early (${code})`)));
  });
}

type Outcome = { deliveryId: string; status: number | null };

describe("ingest crash", () => {
  it("after kill -9 midway through 1,000 deliveries, every 2xx has exactly one execution", async () => {
    const { organization } = await createOrganizationWithMember();
    const manifest = `key: ${uniqueKey("burst")}
name: Burst
flows:
  - key: issues
    trigger: { type: webhook, verify: { preset: github, secret: ${SECRET} } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest });
    const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);
    const deliveries = Array.from({ length: DELIVERIES }, (_, n) =>
      githubDelivery(SECRET, { action: "opened", issue: { number: n } }, { deliveryId: `delivery-${n}` }),
    );

    let ingest = await startIngestProcess();
    // While the process restarts, lanes wait for it (a provider backs off; it does not hammer a dead port).
    let ready: Promise<unknown> = Promise.resolve();
    const send = async (index: number): Promise<Outcome> => {
      const delivery = deliveries[index];
      await ready;
      try {
        const response = await fetch(`http://127.0.0.1:${ingest.port}/api/hooks/${token}`, { method: "POST", headers: delivery.headers, body: delivery.body });
        await response.arrayBuffer();
        return { deliveryId: delivery.deliveryId, status: response.status };
      } catch {
        return { deliveryId: delivery.deliveryId, status: null }; // connection reset by the kill
      }
    };

    const outcomes: Outcome[] = [];
    let next = 0;
    let killed = false;
    const lane = async () => {
      while (next < DELIVERIES) {
        const outcome = await send(next++);
        outcomes.push(outcome);
        if (!killed && outcomes.length >= KILL_AFTER) {
          killed = true;
          const dying = ingest.child;
          ready = (async () => {
            dying.kill("SIGKILL");
            await new Promise((r) => dying.once("exit", r));
            ingest = await startIngestProcess();
          })();
        }
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    expect(killed).toBe(true);
    const failed = outcomes.filter((o) => o.status === null || o.status >= 500);
    // The kill landed on requests in flight (the other lanes were mid-request).
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.length).toBeLessThanOrEqual(CONCURRENCY);

    // The provider retries what did not get a 2xx; dedupe makes a retry of a committed one a no-op.
    for (const outcome of failed) {
      const index = Number(outcome.deliveryId.split("-")[1]);
      Object.assign(outcome, await send(index));
    }
    expect(outcomes.filter((o) => o.status === null || o.status >= 300)).toEqual([]);

    const rows = await db().$queryRaw<{ dedupe_key: string; executions: bigint }[]>`
      SELECT e.dedupe_key, count(x.id) AS executions
        FROM event e LEFT JOIN execution x ON x.event_id = e.id
       WHERE e.instance_id = ${instance.id}::uuid AND e.verdict = 'accepted'
       GROUP BY e.id, e.dedupe_key`;
    const perDelivery = new Map<string, number>();
    for (const row of rows) perDelivery.set(row.dedupe_key, (perDelivery.get(row.dedupe_key) ?? 0) + Number(row.executions));
    for (const outcome of outcomes) expect(perDelivery.get(outcome.deliveryId), outcome.deliveryId).toBe(1);
    expect(perDelivery.size).toBe(DELIVERIES);
    expect(await db().execution.count({ where: { instanceId: instance.id } })).toBe(DELIVERIES);
    console.info(
      `web crash: ${DELIVERIES} deliveries, 1 kill, ${failed.length} without a 2xx retried, ${perDelivery.size} deliveries with exactly one execution`,
    );
    await dropQueuedRuns(organization.id);
  }, 90_000);
});
