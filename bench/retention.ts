/**
 * Retention on a large backlog: N expired executions (with step runs) and events generated in SQL,
 * plus running executions and recent rows that must stay. Reports how long the job took, how many
 * batches it ran, and the worst latency of writes made by another connection while it ran (the
 * point of small batches: nobody waits on its locks). `node --import tsx bench/retention.ts`
 * (BENCH_EXECUTIONS, default 50000). Figures from one run.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { db, disconnectDb, useDatabase } from "@/server/db/client";
import { manualManifest } from "@/server/api/testing/call-route";
import { applyRetention } from "@/server/modules/retention/retention.service";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { startTestPostgres } from "@/server/testing/test-postgres";
import { machineLine, printTable, summarise } from "./table";

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS ?? 50_000);
const STEPS = 4;

async function main() {
  process.stdout.write(`bench:retention — ${machineLine()}\n`);
  const cluster = await startTestPostgres();
  try {
    useDatabase(await cluster.freshDatabase("retention"));
    useEncryptionKey(randomBytes(32));
    const { organization } = await createOrganizationWithMember();
    const { instance, version } = await deployIntegration({
      organizationId: organization.id,
      manifest: manualManifest("bench-retention"),
      config: { greeting: "Hi" },
    });
    const ids = { org: organization.id, customer: instance.customerId, instance: instance.id, version: version.id };
    const seeded = performance.now();
    await db().$executeRawUnsafe(`
      INSERT INTO execution (id, organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, status, input, created_at, finished_at, updated_at)
      SELECT gen_random_uuid(), '${ids.org}', '${ids.customer}', '${ids.instance}', '${ids.version}', 'hello', 'manual',
             CASE WHEN g % 100 = 0 THEN 'running' ELSE 'succeeded' END::"ExecutionStatus", '{"n":1}',
             now() - interval '40 days' - g * interval '1 second', CASE WHEN g % 100 = 0 THEN NULL ELSE now() - interval '40 days' END, now()
        FROM generate_series(1, ${EXECUTIONS}) g`);
    await db().$executeRawUnsafe(`
      INSERT INTO step_run (id, organization_id, execution_id, sequence, state_name, state_type, status, output, calls, started_at, duration_ms)
      SELECT gen_random_uuid(), e.organization_id, e.id, s, 'S' || s, 'Task', 'succeeded', '{"ok":true}', '[{"method":"GET","status":200}]', e.created_at, 3
        FROM execution e, generate_series(1, ${STEPS}) s WHERE e.organization_id = '${ids.org}'`);
    await db().$executeRawUnsafe(`
      INSERT INTO event (id, organization_id, instance_id, source, verdict, headers, received_at)
      SELECT gen_random_uuid(), '${ids.org}', '${ids.instance}', 'bench', 'accepted', '{}', now() - interval '40 days' - g * interval '1 second'
        FROM generate_series(1, ${EXECUTIONS}) g`);
    await db().$executeRawUnsafe("ANALYZE");
    process.stdout.write(
      `seeded ${EXECUTIONS} executions (1% still running), ${EXECUTIONS * STEPS} step runs, ${EXECUTIONS} events in ${((performance.now() - seeded) / 1000).toFixed(1)} s\n`,
    );

    // Another connection keeps writing to the same tables while the job runs.
    let running = true;
    const writes: number[] = [];
    const writer = (async () => {
      while (running) {
        const started = performance.now();
        await db().$executeRawUnsafe(
          `UPDATE execution SET updated_at = now() WHERE id = (SELECT id FROM execution WHERE organization_id = '${ids.org}' AND status = 'running' LIMIT 1)`,
        );
        await db().$executeRawUnsafe(
          `INSERT INTO event (id, organization_id, instance_id, source, verdict, headers) VALUES (gen_random_uuid(), '${ids.org}', '${ids.instance}', 'live', 'accepted', '{}')`,
        );
        writes.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const started = performance.now();
    const report = await applyRetention({ maxBatches: 1_000_000 });
    const seconds = (performance.now() - started) / 1000;
    running = false;
    await writer;
    const left = await db().execution.count({ where: { organizationId: ids.org } });
    const w = summarise(writes);
    printTable("retention run", [
      { what: "executions deleted", value: report.executions },
      { what: "step runs deleted", value: report.stepRuns },
      { what: "events deleted", value: report.events },
      { what: "executions kept (running)", value: left },
      { what: "delete statements (batches of ≤ 500)", value: report.batches },
      { what: "largest batch", value: report.largestBatch },
      { what: "total seconds", value: seconds.toFixed(1) },
      { what: "rows per second", value: Math.round((report.executions + report.stepRuns + report.events) / seconds) },
      { what: `concurrent writes (n=${writes.length}) p50 ms`, value: w.p50.toFixed(1) },
      { what: "concurrent writes p99 ms", value: w.p99.toFixed(1) },
      { what: "concurrent writes max ms", value: Math.max(...writes).toFixed(1) },
    ]);
    await disconnectDb();
  } finally {
    await cluster.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
