import pg from "pg";
import { startTestPostgres } from "@/server/testing/test-postgres";
import { useDatabase, db } from "@/server/db/client";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { useRuntimeConfig } from "@/server/env";
import { TEST_ENCRYPTION_KEY, testRuntimeConfig, createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { startExecution } from "@/server/modules/executions/executions.service";

const cluster = await startTestPostgres();
const url = await cluster.freshDatabase("explain");
useDatabase(url); useEncryptionKey(TEST_ENCRYPTION_KEY); useRuntimeConfig(testRuntimeConfig(url));
const { organization } = await createOrganizationWithMember();
const { instance } = await deployIntegration({ organizationId: organization.id, manifest: `key: x\nname: X\nflows:\n  - key: main\n    trigger: { type: manual }\n    StartAt: A\n    States: { A: { Type: Succeed } }\n` });
const first = await startExecution(organization.id, { instanceId: instance.id, flowKey: "main", input: { a: 1 }, trigger: "manual" });
const client = new pg.Client({ connectionString: url }); await client.connect();
await client.query(`INSERT INTO execution (id, organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, input, current_state, state_visits, updated_at, status)
  SELECT gen_random_uuid(), organization_id, customer_id, instance_id, integration_version_id, flow_key, trigger, input, current_state, state_visits, now(), 'succeeded' FROM execution, generate_series(1, 50000)`);
await client.query("ANALYZE");
const sql = (await import("node:fs")).readFileSync(process.argv[2], "utf8");
await client.query("SET plan_cache_mode = force_generic_plan");
await client.query(`PREPARE p AS ${sql}`);
const args = JSON.parse((await import("node:fs")).readFileSync(process.argv[3], "utf8").replaceAll("EXEC_ID", first.id).replaceAll("ORG_ID", organization.id));
const plan = await client.query(`EXPLAIN (ANALYZE, BUFFERS) EXECUTE p(${args.map((a: unknown) => client.escapeLiteral(typeof a === "string" ? a : JSON.stringify(a))).join(", ")})`);
console.log(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"));
await client.end(); await db().$disconnect(); await cluster.stop(); process.exit(0);
