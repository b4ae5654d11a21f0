/**
 * bench:e2e — GitHub-signed webhooks into the production server (`next start`), a worker
 * (`npm run worker`) running a 3-state flow — check the delivery (Choice), transform it (Pass with
 * Parameters), POST it to a local sink (http.request; the sink's origin is on the organization's
 * network allow-list, since the SSRF guard refuses loopback) — until the execution succeeded.
 * Executions per second and event → sink latency (sent by the load generator → received by the
 * sink) at a steady offered 200/s and at the maximum (64 connections, closed loop).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { db } from "@/server/db/client";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, githubIssuesManifest, tokenOf } from "@/server/testing/hooks";
import { signGithubPayload } from "@/server/triggers/verify/github";
import { ensureProductionBuild, load, openLoad, runBench, startBenchDatabase, startProductionServer, startWorkerProcess, type LoadResult } from "./harness";
import { machineLine, printTable, summarise } from "./table";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const STEADY_RATE = Number(process.env.BENCH_RATE ?? 200);
const CONCURRENCY = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 10);
const SECRET = "bench-github-secret-0123456789";

const manifest = (sinkUrl: string) =>
  githubIssuesManifest("bench-e2e", "Bench end to end", {
    match: null,
    flow: `    StartAt: Check
    States:
      Check:
        Type: Choice
        Choices:
          - { Variable: $.body.action, StringEquals: opened, Next: Transform }
        Default: Ignored
      Ignored: { Type: Succeed }
      Transform:
        Type: Pass
        Parameters:
          "ticket.$": "States.Format('#{} {}', $.body.issue.number, $.body.issue.title)"
          "sentAt.$": $.body.sentAt
          "run": 1
        Next: Deliver
      Deliver:
        Type: Action
        Action: http.request
        Parameters:
          method: POST
          url: ${sinkUrl}
          "body.$": $
        End: true
`,
  });

/** Receives the flow's POSTs and notes each one's latency since the delivery was sent. */
function startSink() {
  const latencies: number[] = [];
  let last = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const now = performance.timeOrigin + performance.now();
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { sentAt: number };
      latencies.push(now - body.sentAt);
      last = now;
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  return new Promise<{ origin: string; latencies: number[]; lastAt: () => number; close: () => Promise<void> }>((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        latencies,
        lastAt: () => last,
        close: () => new Promise((r) => server.close(() => r())),
      }),
    ),
  );
}

function delivery() {
  const number = Math.floor(Math.random() * 1_000_000);
  const body = Buffer.from(JSON.stringify({ action: "opened", sentAt: performance.timeOrigin + performance.now(), issue: { number, title: `Issue ${number}`, body: "x".repeat(400) }, repository: { full_name: "octocat/Hello-World" } }));
  return {
    body,
    headers: {
      "content-type": "application/json",
      "x-github-event": "issues",
      "x-github-delivery": `${number}-${Math.random().toString(36).slice(2)}`,
      "x-hub-signature-256": signGithubPayload(SECRET, body),
    },
  };
}

async function unfinished(instanceId: string): Promise<number> {
  const [row] = await db().$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM execution WHERE instance_id = ${instanceId}::uuid AND status NOT IN ('succeeded', 'failed', 'cancelled')`;
  return Number(row.n);
}

async function statuses(instanceId: string): Promise<Record<string, number>> {
  const rows = await db().$queryRaw<{ status: string; n: bigint }[]>`SELECT status::text, count(*) AS n FROM execution WHERE instance_id = ${instanceId}::uuid GROUP BY status`;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

await runBench(async (cleanup) => {
  process.stdout.write(`bench:e2e — ${machineLine()}\n${SECONDS} s per load, worker concurrency ${CONCURRENCY}\n`);
  await ensureProductionBuild();
  const database = await startBenchDatabase("bench_e2e");
  cleanup.add(() => database.stop());
  const sink = await startSink();
  cleanup.add(() => sink.close());
  const { organization } = await createOrganizationWithMember();
  await allowNetworkDestination(organization.id, sink.origin);
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest(`${sink.origin}/tickets`), config: { webhookSecret: SECRET } });
  const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

  const web = await startProductionServer({ databaseUrl: database.url, env: { WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000", WEBHOOK_RATE_LIMIT_BURST: "1000000" } });
  cleanup.add(() => web.stop());
  const worker = await startWorkerProcess({ databaseUrl: database.url, origin: web.origin, concurrency: CONCURRENCY });
  cleanup.add(() => worker.stop());
  const url = `${web.origin}/api/hooks/${token}`;

  const rows: Record<string, string | number>[] = [];
  const scenario = async (name: string, options: { connections?: number; rate?: number }) => {
    const before = sink.latencies.length;
    const started = performance.timeOrigin + performance.now();
    const result: LoadResult = options.rate
      ? await openLoad({ url, seconds: SECONDS, request: delivery, rate: options.rate })
      : await load({ url, seconds: SECONDS, request: delivery, connections: options.connections ?? 64 });
    // Drain: every accepted delivery's execution reaches a terminal state.
    const deadline = Date.now() + 300_000;
    while ((await unfinished(instance.id)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    const delivered = sink.latencies.slice(before);
    const latency = summarise(delivered);
    const span = (sink.lastAt() - started) / 1000;
    rows.push({
      load: name,
      "webhooks/s sent": result.perSecond,
      "2xx": result.statuses["2xx"],
      "non-2xx": result.statuses["4xx"] + result.statuses["5xx"] + result.errors,
      "ack p50 ms": result.p50,
      "executions done": delivered.length,
      "executions/s": delivered.length / span,
      "event→sink p50 ms": latency.p50,
      "event→sink p99 ms": latency.p99,
    });
  };

  await scenario(`steady ${STEADY_RATE}/s offered`, { rate: STEADY_RATE });
  await scenario("max (64 connections)", { connections: 64 });
  printTable("Webhook → 3-state flow → sink", rows);
  printTable("Executions by status (all runs)", [await statuses(instance.id)]);
});
