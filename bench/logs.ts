/**
 * bench:logs — the first page (25 rows) of one customer's executions list, as the embedded logs
 * view asks for it (embed-logs.service listExecutions) and as the console asks for it filtered by
 * that customer (the REST operation executionOperations.list), with 10k and with 1M executions in the
 * database, generated in SQL. p50/p95 of 50 queries each, plus what EXPLAIN says the plan is.
 * The measured customer owns 5% of the rows (20 customers); the rest belong to the others.
 */
import { performance } from "node:perf_hooks";
import { db } from "@/server/db/client";
import { runOperation } from "@/server/api/operation";
import { executionOperations } from "@/server/api/operations/executions";
import { listExecutions as embedList } from "@/server/modules/embed/embed-logs.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { runBench, startBenchDatabase } from "./harness";
import { machineLine, printTable, summarise } from "./table";

const QUERIES = Number(process.env.BENCH_RUNS ?? 50);
const CUSTOMERS = 20;
const SIZES = (process.env.BENCH_SIZES ?? "10000,1000000").split(",").map(Number);

const manifest = (i: number) => `key: bench-logs-${i}
name: Bench logs ${i}
flows:
  - key: main
    trigger: { type: manual }
    StartAt: Done
    States:
      Done: { Type: Succeed }
`;

/** `count` more executions spread over the instances round-robin, one a minute back from now, mostly succeeded. */
async function generate(instances: { id: string; customerId: string; integrationVersionId: string }[], organizationId: string, from: number, count: number) {
  const chunk = 200_000;
  for (let start = from; start < from + count; start += chunk) {
    const end = Math.min(from + count, start + chunk) - 1;
    await db().$executeRaw`
      INSERT INTO execution (id, organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, status, input, output,
                             current_state, state_visits, steps_committed, created_at, started_at, finished_at, updated_at)
      SELECT gen_random_uuid(), ${organizationId}::uuid, (i.v->>'customerId')::uuid, (i.v->>'id')::uuid, (i.v->>'integrationVersionId')::uuid,
             'main', 'webhook',
             (CASE WHEN n % 50 = 0 THEN 'failed' ELSE 'succeeded' END)::"ExecutionStatus",
             jsonb_build_object('n', n, 'body', jsonb_build_object('issue', jsonb_build_object('number', n, 'title', 'Issue ' || n))),
             jsonb_build_object('ok', true), 'Done', '{"Done":1}', 1,
             now() - make_interval(mins => n), now() - make_interval(mins => n), now() - make_interval(mins => n) + interval '80 ms', now()
        FROM generate_series(${start}::int, ${end}::int) AS n
        JOIN LATERAL (SELECT value AS v FROM jsonb_array_elements(${JSON.stringify(instances)}::jsonb) WITH ORDINALITY AS a(value, k)
                       WHERE k = (n % ${instances.length}) + 1) i ON true`;
  }
  await db().$executeRaw`ANALYZE execution`;
}

async function timed(run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return summarise(times);
}

/** The plan's top lines and its execution time, for the README's EXPLAIN findings. */
async function explain(sql: string): Promise<string> {
  const rows = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql}`);
  const lines = rows.map((r) => r["QUERY PLAN"]);
  const nodes = lines
    .filter((l) => /(Scan|Sort|Limit|Nested Loop|Hash Join|Merge)/.test(l))
    .map((l) =>
      l
        .trim()
        .replace(/\s+\(actual.*$/, "")
        .replace(/^->\s*/, ""),
    );
  const time = lines.find((l) => l.startsWith("Execution Time"))?.replace("Execution Time: ", "") ?? "?";
  return `${nodes.slice(0, 6).join(" → ")} [${time}]`;
}

await runBench(async (cleanup) => {
  process.stdout.write(
    `bench:logs — ${machineLine()}\nfirst page (25 rows) of one customer's executions; ${QUERIES} queries per figure; the customer owns ${100 / CUSTOMERS}% of the rows\n`,
  );
  const database = await startBenchDatabase("bench_logs");
  cleanup.add(() => database.stop());
  const { organization } = await createOrganizationWithMember();
  const instances: { id: string; customerId: string; integrationVersionId: string }[] = [];
  for (let i = 0; i < CUSTOMERS; i++) {
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest(i), customer: `customer-${i}` });
    instances.push({ id: instance.id, customerId: instance.customerId, integrationVersionId: instance.integrationVersionId });
  }
  const owner = { organizationId: organization.id, customerId: instances[0].customerId };
  const embedSql = `SELECT id, instance_id, flow_key, trigger, status, created_at, started_at, finished_at, replay_of_id FROM execution
     WHERE organization_id = '${owner.organizationId}' AND customer_id = '${owner.customerId}' ORDER BY created_at DESC, id DESC LIMIT 26`;
  const consoleSql = `SELECT e.id, e.status, e.created_at, c.name, i.name, v.version FROM execution e
      JOIN integration_version v ON v.id = e.integration_version_id JOIN integration i ON i.id = v.integration_id JOIN customer c ON c.id = e.customer_id
     WHERE e.organization_id = '${owner.organizationId}' AND e.customer_id = '${owner.customerId}' ORDER BY e.created_at DESC, e.id DESC LIMIT 26`;

  const figures: Record<string, string | number>[] = [];
  const plans: Record<string, string | number>[] = [];
  let generated = 0;
  for (const size of SIZES) {
    const started = performance.now();
    await generate(instances, organization.id, generated, size - generated);
    generated = size;
    process.stdout.write(`  … ${size.toLocaleString("en")} executions in the database (generated in ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
    const embed = await timed(() => embedList(owner, { limit: 25 }));
    const console = await timed(() => runOperation(executionOperations.list, owner.organizationId, { customerId: owner.customerId, limit: 25 }));
    figures.push({ executions: size, query: "embed logs (customer's own)", "p50 ms": embed.p50, "p95 ms": embed.p95 });
    figures.push({ executions: size, query: "console, filtered by customer", "p50 ms": console.p50, "p95 ms": console.p95 });
    plans.push({ executions: size, query: "embed", plan: await explain(embedSql) });
    plans.push({ executions: size, query: "console", plan: await explain(consoleSql) });
  }
  printTable("First page of a customer's executions (ms)", figures);
  printTable("EXPLAIN ANALYZE (plan nodes, execution time)", plans);
});
