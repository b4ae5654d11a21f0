/**
 * bench:ingest — GitHub-signed webhooks verified, recorded and acknowledged per second by the
 * production server (`next start`, the real `/api/hooks/<token>` route on embedded Postgres), at
 * 64 concurrent connections, beside a bare Node http server that reads the body and answers 200
 * (the machine's limit) in the same run. Afterwards it checks that every 202 has its event and
 * exactly one queued execution.
 */
import { db } from "@/server/db/client";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { endpointUrls, tokenOf } from "@/server/testing/hooks";
import { githubIssueDelivery } from "./ingest-delivery";
import { ensureProductionBuild, load, runBench, startBareServer, startBenchDatabase, startProductionServer, startScript, type LoadResult } from "./harness";
import { machineLine, printTable } from "./table";

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 5);
const SECRET = "bench-github-secret-0123456789";

const manifest = `key: bench-ingest
name: Bench ingest
config:
  pages:
    - title: Webhook
      fields:
        - { key: webhookSecret, type: secret, required: true }
flows:
  - key: issues
    trigger:
      type: webhook
      verify: { preset: github, secret: { config: webhookSecret } }
      match: { "$.headers.x-github-event": issues }
    StartAt: Done
    States:
      Done: { Type: Succeed }
`;

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
  // The same route handler without Next.js around it (server/testing/ingest-process.ts): what the framework costs.
  const handler = await startScript("server/testing/ingest-process.ts", [database.url], rateLimitEnv);
  cleanup.add(() => handler.stop());
  const handlerOrigin = `http://127.0.0.1:${handler.line.split(" ").at(-1)}`;

  const request = () => githubIssueDelivery(SECRET);
  const run = (url: string, seconds: number) => load({ url, connections: CONNECTIONS, seconds, request });
  const hookUrl = `${web.origin}/api/hooks/${token}`;

  await run(bare.origin, WARMUP_SECONDS);
  const limit = await run(bare.origin, SECONDS);
  await run(hookUrl, WARMUP_SECONDS);
  const before = await counts(instance.id);
  const ingest = await run(hookUrl, SECONDS);
  const after = await counts(instance.id);
  await run(`${handlerOrigin}/api/hooks/${token}`, WARMUP_SECONDS);
  const bareHandler = await run(`${handlerOrigin}/api/hooks/${token}`, SECONDS);

  printTable("Throughput and latency", [row("bare node:http (reads body, 200)", limit), row("Switchyard ingest (next start)", ingest, limit), row("same route handler on node:http (no Next.js)", bareHandler, limit)]);
  const accepted = after.accepted - before.accepted;
  printTable("Durability check (measured window)", [
    {
      "202 answers": ingest.statuses["2xx"],
      "accepted events": accepted,
      "executions": after.executions - before.executions,
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
