/**
 * Secrets at rest: with every kind of secret stored (connection credentials and OAuth tokens,
 * secret config values, OAuth client and embed signing secrets, an API key) and a flow that reads a
 * secret config value (one finished, one parked holding it in its checkpoint), no text, JSON or binary column of any table holds one of them in plain
 * text; sealed values live only in the registered encrypted columns; the run's step log and the
 * console's view of it show the secret redacted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { manualManifest } from "@/server/api/testing/call-route";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { deployIntegration } from "@/server/testing/factories";
import { useFreshDatabase } from "@/server/testing/fresh-database";
import { uniqueKey } from "@/server/testing/hooks";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { createTenantWorld, type TenantWorld } from "@/server/testing/tenant-world";
import { ENCRYPTED_COLUMNS } from "./encrypted-columns";

const CONFIG_SECRET = "cfg-secret-webhook-signing-value-7f3a";

const echoFlow = `  - key: echo
    trigger: { type: manual }
    StartAt: Echo
    States:
      Echo:
        Type: Pass
        Parameters: { "greeting.$": "States.Format('{} {}', $$.Config.greeting, $$.Config.token)", "raw.$": "$$.Config.token" }
        Next: Done
      Done: { Type: Pass, End: true }
  - key: hold
    trigger: { type: manual }
    StartAt: Read
    States:
      Read:
        Type: Pass
        Parameters: { "raw.$": "$$.Config.token" }
        Next: Hold
      Hold: { Type: Wait, Seconds: 86400, Next: Finish }
      Finish: { Type: Succeed }
`;

interface Column {
  table_schema: string;
  table_name: string;
  column_name: string;
  data_type: string;
}

async function textColumns(): Promise<Column[]> {
  return db().$queryRawUnsafe<Column[]>(`
    SELECT c.table_schema, c.table_name, c.column_name, c.data_type
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema IN ('public', 'graphile_worker')
       AND c.data_type IN ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`);
}

const asText = (c: Column) => (c.data_type === "bytea" ? `encode("${c.column_name}", 'escape')` : `"${c.column_name}"::text`);
const where = (c: Column) => `"${c.table_schema}"."${c.table_name}"`;

let world: TenantWorld;
let worker: Awaited<ReturnType<typeof startTestWorker>>;
let executionId: string;

beforeAll(async () => {
  // A database of its own: other test files store secrets in plain text on purpose (to prove what
  // people see is redacted), and this file scans every row of every table.
  const databaseUrl = await useFreshDatabase("at_rest");
  worker = await startTestWorker({ databaseUrl, actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
  world = await createTenantWorld();
  const { instance } = await deployIntegration({
    organizationId: world.a.organizationId,
    manifest: manualManifest(uniqueKey("secret-echo"), echoFlow),
    config: { greeting: "Hi", token: CONFIG_SECRET },
  });
  executionId = (await world.a.owner.executions.start({ instanceId: instance.id, flowKey: "echo", input: {} })).id;
  await waitFor(async () => (await world.a.owner.executions.get({ id: executionId })).status === "succeeded", "the echo run");
  // A run parked with the secret in its checkpoint: the checkpoint is sealed while it waits.
  const held = (await world.a.owner.executions.start({ instanceId: instance.id, flowKey: "hold", input: {} })).id;
  await waitFor(async () => (await world.a.owner.executions.get({ id: held })).status === "waiting", "the held run to park");
});

afterAll(async () => {
  await worker.stop();
});

describe("secrets at rest", () => {
  it("no column of any table holds a known secret in plain text", async () => {
    const secrets = [...world.knownSecrets, CONFIG_SECRET];
    const columns = await textColumns();
    expect(columns.length).toBeGreaterThan(50);
    const found: string[] = [];
    for (const column of columns) {
      const test = secrets.map((_, i) => `strpos(${asText(column)}, $${i + 1}) > 0`).join(" OR ");
      const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*) AS n FROM ${where(column)} WHERE ${test}`, ...secrets);
      if (Number(row.n) > 0) found.push(`${column.table_name}.${column.column_name}`);
    }
    expect(found).toEqual([]);
  });

  it("sealed values appear only in the registered encrypted columns, and each of those holds some", async () => {
    const registered = new Set(ENCRYPTED_COLUMNS.map((c) => `${c.table}.${c.column}`));
    const holding: string[] = [];
    for (const column of await textColumns()) {
      const [row] = await db().$queryRawUnsafe<{ n: bigint }[]>(
        `SELECT count(*) AS n FROM ${where(column)} WHERE ${asText(column)} ~ 'v1:[0-9a-f]{8}:[A-Za-z0-9_-]+:'`,
      );
      if (Number(row.n) > 0) holding.push(`${column.table_name}.${column.column_name}`);
    }
    expect(holding.sort()).toEqual([...registered].sort());
  });

  it("the step log and the console's execution view show the secret config value redacted", async () => {
    const steps = await db().stepRun.findMany({ where: { executionId }, orderBy: { sequence: "asc" } });
    expect(steps.length).toBeGreaterThan(0);
    expect(steps[0].output).toEqual({ greeting: "Hi [redacted]", raw: "[redacted]" });
    const detail = await world.a.owner.executions.get({ id: executionId });
    expect(JSON.stringify(detail)).not.toContain(CONFIG_SECRET);
    expect(JSON.stringify(detail)).toContain("[redacted]");
  });
});
