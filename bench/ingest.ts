/**
 * bench:ingest — GitHub-signed webhooks verified, recorded and acknowledged per second by the
 * production web server (`scripts/web.ts`, as `npm start` runs it, on embedded Postgres), at 64
 * concurrent connections, beside a bare Node http server that reads the body and answers 200
 * (the machine's limit) in the same run, and beside `next start` serving the same handler
 * through its route. Prints the CPU each part spent per delivery. Afterwards it checks that every
 * 202 has its event and exactly one queued execution.
 */
import { availableParallelism } from "node:os";
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, githubIssuesManifest, tokenOf } from "@/server/testing/hooks";
import { githubIssueDelivery } from "./ingest-delivery";
import { ensureProductionBuild, load, runBench, startBareServer, startBenchDatabase, startProductionServer, type LoadResult } from "./harness";
import { cpuDuring } from "./cpu";
import { machineLine, printTable } from "./table";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SECRET = "bench-github-secret-0123456789";

const manifest = githubIssuesManifest("bench-ingest", "Bench ingest");

function row(name: string, result: LoadResult, limit?: LoadResult): Record<string, string | number> {
  return {
    server: name,
    "req/s": result.perSecond,
    "p50 ms": result.p50,
    "p99 ms": result.p99,
    "2xx": result.statuses["2xx"],
    "non-2xx": result.statuses["4xx"] + result.statuses["5xx"] + result.errors,
    "% of bare": limit ? `${((100 * result.perSecond) / limit.perSecond).toFixed(1)}%` : "100%",
  };
}

await runBench(async (cleanup) => {
  process.stdout.write(`bench:ingest — ${machineLine()}\n${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up, ${SECONDS} s measured\n`);
  await ensureProductionBuild();
  const database = await startBenchDatabase("bench_ingest");
  cleanup.add(() => database.stop());
  const { organization } = await createOrganizationWithMember();
  const { instance } = await deployIntegration({ organizationId: organization.id, manifest, config: { webhookSecret: SECRET } });
  const token = tokenOf((await endpointUrls(organization.id, instance.id)).get("issues")!);

  // The per-endpoint rate limit stays on (its row update is part of every delivery) but high enough not to refuse.
  const rateLimitEnv = { WEBHOOK_RATE_LIMIT_PER_SECOND: "1000000", WEBHOOK_RATE_LIMIT_BURST: "1000000" };
  const web = await startProductionServer({ databaseUrl: database.url, env: rateLimitEnv });
  cleanup.add(() => web.stop());
  const bare = await startBareServer();
  cleanup.add(() => bare.stop());
  // The same handler behind Next.js's own server and route (`next start`): what the framework costs per delivery.
  const nextStart = await startProductionServer({ databaseUrl: database.url, env: rateLimitEnv, nextStart: true });
  cleanup.add(() => nextStart.stop());

  const request = () => githubIssueDelivery(SECRET);
  const run = (url: string, seconds: number) => load({ url, connections: CONNECTIONS, seconds, request });
  const hookUrl = `${web.origin}/api/hooks/${token}`;

  await run(bare.origin, WARMUP_SECONDS);
  const bareRun = await cpuDuring({ "web process": bare.process.pid! }, () => run(bare.origin, SECONDS));
  const limit = bareRun.result;
  await run(hookUrl, WARMUP_SECONDS);
  const before = await counts(instance.id);
  // This process is the load generator, and it also asks Postgres for the counts (outside the window).
  const ingestRun = await cpuDuring({ "web process": web.process.pid!, Postgres: database.cluster.postgres.pid }, () => run(hookUrl, SECONDS));
  const ingest = ingestRun.result;
  const after = await counts(instance.id);
  await run(`${nextStart.origin}/api/hooks/${token}`, WARMUP_SECONDS);
  const throughNext = await run(`${nextStart.origin}/api/hooks/${token}`, SECONDS);

  printTable("Throughput and latency", [
    row("bare node:http (reads body, 200)", limit),
    row("Switchyard ingest (npm start's web server)", ingest, limit),
    row("same handler via the Next.js route (next start)", throughNext, limit),
  ]);
  const accepted = after.accepted - before.accepted;
  const perThousand = (cpu: Record<string, number | null>, requests: number, part: string) => {
    const seconds = cpu[part];
    return seconds === undefined ? "–" : seconds === null ? "n/a" : ((1000 * seconds) / Math.max(1, requests)).toFixed(2);
  };
  const parts = ["web process", "Postgres", "load generator"];
  printTable(
    "CPU seconds per 1,000 requests (user + system)",
    [["bare node:http", bareRun.cpu, limit.requests] as const, ["Switchyard ingest", ingestRun.cpu, ingest.requests] as const].map(([name, cpu, requests]) => ({
      measured: name,
      ...Object.fromEntries(parts.map((part) => [part, perThousand(cpu, requests, part)])),
    })),
  );
  // The load generator is one Node thread: when it is busy all the time, the bare row measures it, not the bare server.
  const generatorSeconds = bareRun.cpu["load generator"];
  if (generatorSeconds !== null && generatorSeconds !== undefined) {
    const busy = generatorSeconds / SECONDS;
    process.stdout.write(
      `During the bare run the load generator used ${busy.toFixed(2)} CPU seconds per second${busy >= 0.9 ? ": a whole core, so the bare row is the load generator's limit rather than the bare server's" : ""}.\n`,
    );
  }
  const postgresSeconds = ingestRun.cpu.Postgres;
  if (postgresSeconds !== null && ingest.requests > 0) {
    const cores = availableParallelism();
    const ceiling = (cores * ingest.requests) / postgresSeconds;
    process.stdout.write(
      `Postgres alone, given all ${cores} cores, could record at most ${Math.round(ceiling)} deliveries/s at this cost = ${((100 * ceiling) / limit.perSecond).toFixed(0)}% of the bare server.\n\n`,
    );
  }
  printTable("Durability check (measured window)", [
    {
      "202 answers": ingest.statuses["2xx"],
      "accepted events": accepted,
      executions: after.executions - before.executions,
      "queued jobs": after.jobs - before.jobs,
      "events without exactly 1 execution": after.orphans,
    },
  ]);
  if (after.orphans > 0 || accepted < ingest.statuses["2xx"]) process.stdout.write("WARNING: an acknowledged delivery is missing its event or execution.\n");
});

async function counts(instanceId: string) {
  const [row] = await db().$queryRaw<{ accepted: bigint; executions: bigint; jobs: bigint; orphans: bigint }[]>`
    SELECT (SELECT count(*) FROM event WHERE instance_id = ${instanceId}::uuid AND verdict = 'accepted') AS accepted,
           (SELECT count(*) FROM execution WHERE instance_id = ${instanceId}::uuid) AS executions,
           (SELECT count(*) FROM graphile_worker.jobs) AS jobs,
           (SELECT count(*) FROM event e WHERE e.instance_id = ${instanceId}::uuid AND e.verdict = 'accepted'
               AND (SELECT count(*) FROM execution x WHERE x.event_id = e.id) <> 1) AS orphans`;
  return { accepted: Number(row.accepted), executions: Number(row.executions), jobs: Number(row.jobs), orphans: Number(row.orphans) };
}
