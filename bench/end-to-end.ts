/**
 * bench:e2e — GitHub-signed webhooks into the production web server (`scripts/web.ts`, as
 * `npm start` runs it), workers (`npm run worker`, each its own process) running a 3-state flow —
 * check the delivery (Choice), transform it (Pass with Parameters), POST it to a local sink
 * (http.request; the sink's origin is on the organization's network allow-list, since the SSRF
 * guard refuses loopback) — until the execution succeeded. For each load: executions per second,
 * event → sink latency (sent by the load generator → received by the sink), the CPU each process
 * spent per execution, and what the database did per execution (transactions, WAL flushes,
 * statements = round trips). A last row runs the same flow synchronously (`sync:`), answered by
 * the web process with the flow's output. `BENCH_TRACING=1` runs the web process and workers with
 * OpenTelemetry tracing on, exporting to a local OTLP stand-in (bench/otlp-sink.ts), to compare
 * with a run without it.
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { db } from "@/server/db/client";
import { allowNetworkDestination } from "@/server/modules/organizations/organizations.repo";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, githubIssuesManifest, tokenOf } from "@/server/testing/hooks";
import { signGithubPayload } from "@/server/verify/github";
import { cpuDuring } from "./cpu";
import {
  activitySince,
  BENCH_QUERY,
  enableStatementStatistics,
  readDatabaseActivity,
  resetStatementStatistics,
  STATEMENT_STATISTICS,
  topStatements,
} from "./database-activity";
import {
  ensureProductionBuild,
  load,
  openLoad,
  runBench,
  startBenchDatabase,
  startProductionServer,
  startWorkerProcess,
  type Child,
  type LoadResult,
} from "./harness";
import { startOtlpSink } from "./otlp-sink";
import { startSink } from "./sink";
import { machineLine, printTable, summarise } from "./table";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
/** Seconds of unrecorded load before the first row, as bench:ingest warms up: the first seconds of fresh processes (JIT, connection pools, prepared statements, Postgres's caches) are not the product's steady state. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP ?? 5);
const STEADY_RATES = (process.env.BENCH_RATES ?? "200,500")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const CONCURRENCY = process.env.BENCH_WORKER_CONCURRENCY ? Number(process.env.BENCH_WORKER_CONCURRENCY) : undefined;
const SCENARIOS = new Set((process.env.BENCH_SCENARIOS ?? "steady,max,max2,sync").split(","));
/** Worker slots the `slots` scenario compares (maximum load, one worker each), for choosing the default. */
const SLOTS = (process.env.BENCH_SLOTS ?? "10,25,50,100")
  .split(",")
  .map(Number)
  .filter((n) => n > 0);
const SECRET = "bench-github-secret-0123456789";
const TRACING = process.env.BENCH_TRACING === "1";

const flow = (sinkUrl: string, respond: boolean) => `    StartAt: Check
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
${respond ? "        ResultSelector: { status: 200, body: { delivered: true } }\n" : ""}        End: true
`;

function delivery() {
  const number = Math.floor(Math.random() * 1_000_000);
  const body = Buffer.from(
    JSON.stringify({
      action: "opened",
      sentAt: performance.timeOrigin + performance.now(),
      issue: { number, title: `Issue ${number}`, body: "x".repeat(400) },
      repository: { full_name: "octocat/Hello-World" },
    }),
  );
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
  const rows = await db().$queryRawUnsafe<{ n: bigint }[]>(
    `SELECT ${BENCH_QUERY} count(*) AS n FROM execution WHERE status IN ('queued', 'running', 'waiting') AND instance_id = $1::uuid`,
    instanceId,
  );
  return Number(rows[0].n);
}

async function statuses(): Promise<Record<string, number>> {
  const rows = await db().$queryRawUnsafe<{ status: string; n: bigint }[]>(`SELECT ${BENCH_QUERY} status::text, count(*) AS n FROM execution GROUP BY status`);
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Resident memory of a process in MiB (Linux), for memory per worker slot. */
function residentMiB(pid: number): number {
  try {
    const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
    return kb / 1024;
  } catch {
    return NaN;
  }
}

await runBench(async (cleanup) => {
  process.stdout.write(
    `bench:e2e — ${machineLine()}\n${SECONDS} s per load, worker concurrency ${CONCURRENCY ?? "default"}, tracing ${TRACING ? "on (OTLP/HTTP to a local stand-in)" : "off"}, ${WARMUP_SECONDS} s warm-up at ${STEADY_RATES[0] ?? 200}/s not recorded\n`,
  );
  const otlp = TRACING ? await startOtlpSink() : undefined;
  if (otlp) cleanup.add(() => otlp.close());
  const tracingEnv: Record<string, string> = otlp ? { OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url } : {};
  await ensureProductionBuild();
  const database = await startBenchDatabase("bench_e2e", undefined, STATEMENT_STATISTICS);
  cleanup.add(() => database.stop());
  await enableStatementStatistics(database.url);
  const sink = await startSink();
  cleanup.add(() => sink.close());
  const { organization } = await createOrganizationWithMember();
  await allowNetworkDestination(organization.id, sink.origin);
  const sinkUrl = `${sink.origin}/tickets`;
  const { instance } = await deployIntegration({
    organizationId: organization.id,
    manifest: githubIssuesManifest("bench-e2e", "Bench end to end", { match: null, flow: flow(sinkUrl, false) }),
    config: { webhookSecret: SECRET },
  });
  const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);
  const syncManifest = githubIssuesManifest("bench-e2e-sync", "Bench end to end (synchronous)", { match: null, flow: flow(sinkUrl, true) }).replace(
    "      verify:",
    "      sync: { timeoutMs: 10000 }\n      verify:",
  );
  const { instance: syncInstance } = await deployIntegration({ organizationId: organization.id, manifest: syncManifest, config: { webhookSecret: SECRET } });
  const syncToken = tokenOf((await endpointUrls(organization.id, syncInstance.id)).get("issues")!);

  const web = await startProductionServer({
    databaseUrl: database.url,
    env: { WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000", WEBHOOK_RATE_LIMIT_BURST: "1000000", ...tracingEnv },
  });
  cleanup.add(() => web.stop());
  const startWorker = async (concurrency = CONCURRENCY) => {
    const worker = await startWorkerProcess({ databaseUrl: database.url, origin: web.origin, concurrency, env: tracingEnv });
    cleanup.add(() => worker.stop());
    return worker;
  };
  const workers: Child[] = [await startWorker()];
  const idleWorkerMiB = residentMiB(workers[0].process.pid!);

  const rows: Record<string, string | number>[] = [];
  const costs: Record<string, string | number>[] = [];
  const scenario = async (name: string, options: { connections?: number; rate?: number; sync?: boolean }) => {
    const url = `${web.origin}/api/hooks/${options.sync ? syncToken : token}`;
    const target = options.sync ? syncInstance.id : instance.id;
    const before = sink.latencies.length;
    const activityBefore = await readDatabaseActivity(database.url);
    const started = performance.timeOrigin + performance.now();
    let peakWorkerMiB = 0;
    const sampler = setInterval(() => (peakWorkerMiB = Math.max(peakWorkerMiB, ...workers.map((w) => residentMiB(w.process.pid!)))), 250);
    const roots: Record<string, number> = { web: web.process.pid!, Postgres: database.cluster.postgres.pid };
    workers.forEach((w, i) => (roots[`worker ${i + 1}`] = w.process.pid!));
    const { result, cpu } = await cpuDuring(roots, async () => {
      const result: LoadResult = options.rate
        ? await openLoad({ url, seconds: SECONDS, request: delivery, rate: options.rate })
        : await load({ url, seconds: SECONDS, request: delivery, connections: options.connections ?? 64 });
      // Drain: every accepted delivery's execution reaches the sink (watched here, not by polling
      // the database, whose CPU is being measured), then its terminal state.
      const deadline = Date.now() + 600_000;
      while (sink.latencies.length - before < result.statuses["2xx"] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      while ((await unfinished(target)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return result;
    });
    clearInterval(sampler);
    // Postgres publishes an idle backend's counters within 10 s.
    await new Promise((r) => setTimeout(r, 11_000));
    const activity = activitySince(activityBefore, await readDatabaseActivity(database.url));
    const delivered = sink.latencies.slice(before);
    const latency = summarise(delivered);
    const worst = worstSecond(delivered, sink.sentAts.slice(before));
    const span = (sink.lastAt() - started) / 1000;
    const done = delivered.length;
    rows.push({
      load: name,
      "webhooks/s answered": result.perSecond,
      "2xx": result.statuses["2xx"],
      "non-2xx": result.statuses["4xx"] + result.statuses["5xx"] + result.errors,
      "ack p50 ms": result.p50,
      "ack p99 ms": result.p99,
      "executions done": done,
      "executions/s": done / span,
      "event→sink p50 ms": latency.p50,
      "event→sink p99 ms": latency.p99,
      "worst second's p99 ms (at s)": worst ? `${worst.p99.toFixed(0)} (${worst.second})` : "n/a",
      "worker peak MiB": peakWorkerMiB,
    });
    const per = (seconds: number | null | undefined) => (seconds === null || seconds === undefined ? "n/a" : ((1000 * seconds) / Math.max(1, done)).toFixed(3));
    const workerSeconds = Object.entries(cpu)
      .filter(([part]) => part.startsWith("worker"))
      .reduce((sum, [, s]) => sum + (s ?? 0), 0);
    costs.push({
      load: name,
      "web CPU ms": per(cpu.web),
      "worker(s) CPU ms": per(workerSeconds),
      "Postgres CPU ms": per(cpu.Postgres),
      "load generator + sink CPU ms": per(cpu["load generator"]),
      transactions: activity.transactions / Math.max(1, done),
      "WAL flushes": activity.walFlushes / Math.max(1, done),
      "statements (round trips)": activity.statements / Math.max(1, done),
      checkpoints: activity.checkpoints,
    });
  };

  if (WARMUP_SECONDS > 0) {
    const before = sink.latencies.length;
    const warm = await openLoad({ url: `${web.origin}/api/hooks/${token}`, seconds: WARMUP_SECONDS, request: delivery, rate: STEADY_RATES[0] ?? 200 });
    const deadline = Date.now() + 120_000;
    while (sink.latencies.length - before < warm.statuses["2xx"] && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    while ((await unfinished(instance.id)) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  }
  // Where Postgres's time goes, per statement, over the first load (BENCH_STATEMENTS=1 prints it).
  if (process.env.BENCH_STATEMENTS) await resetStatementStatistics(database.url);
  if (SCENARIOS.has("steady")) for (const rate of STEADY_RATES) await scenario(`steady ${rate}/s offered`, { rate });
  if (SCENARIOS.has("max")) await scenario("max (64 connections)", { connections: 64 });
  if (SCENARIOS.has("max2")) {
    workers.push(await startWorker());
    await scenario("max, 2 worker processes", { connections: 64 });
    await workers.pop()!.stop();
  }
  if (SCENARIOS.has("sync")) await scenario("synchronous (sync:), 64 connections", { connections: 64, sync: true });
  if (SCENARIOS.has("slots")) {
    await workers.pop()!.stop();
    for (const slots of SLOTS) {
      workers.push(await startWorker(slots));
      await scenario(`max, 1 worker × ${slots} slots`, { connections: 64 });
      await workers.pop()!.stop();
    }
  }
  if (process.env.BENCH_STATEMENTS) {
    printTable(
      "Postgres time by statement (all loads)",
      (await topStatements(database.url, 12)).map((s) => ({ calls: s.calls, "total ms": s.totalMs, "mean ms": s.meanMs, statement: s.query })),
    );
  }
  printTable("Webhook → 3-state flow → sink", rows);
  printTable("Per execution: CPU by process, and the database's work", costs);
  process.stdout.write(`\nWorker process resident memory when idle: ${idleWorkerMiB.toFixed(0)} MiB.\n`);
  if (otlp) {
    const { requests, bytes, spans } = otlp.stats();
    process.stdout.write(`Traces exported (so far): ${spans} spans in ${requests} OTLP requests, ${(bytes / 1024 / 1024).toFixed(1)} MiB.\n`);
  }
  printTable("Executions by status (all runs)", [await statuses()]);
});

/**
 * The second of a row (by when its deliveries were sent) whose latencies had the highest p99: a
 * steady row's p99 over 300 ms is either spread over the row or one stall, and this tells which.
 */
function worstSecond(latencies: number[], sentAts: number[]): { second: number; p99: number } | null {
  if (latencies.length === 0) return null;
  const first = sentAts.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const bySecond = new Map<number, number[]>();
  latencies.forEach((latency, i) => {
    const second = Math.floor((sentAts[i] - first) / 1000);
    const samples = bySecond.get(second);
    if (samples) samples.push(latency);
    else bySecond.set(second, [latency]);
  });
  let worst: { second: number; p99: number } | null = null;
  for (const [second, samples] of bySecond) {
    const p99 = summarise(samples).p99;
    if (!worst || p99 > worst.p99) worst = { second, p99 };
  }
  return worst;
}
