/**
 * bench:engine — what one state costs with no I/O (the interpreter alone) against what its one
 * checkpoint write costs (the durable runner committing each step to Postgres), and states per
 * second for a 100-state Pass chain both ways. Figures from one run; compare ratios, not runs.
 */
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { useEncryptionKey } from "@/server/crypto/keyring";
import { disconnectDb, useDatabase } from "@/server/db/client";
import { stateMachineSchema, type StateMachine } from "@/server/engine/definition.schema";
import { runExecution } from "@/server/engine/durable-runner";
import { runToCompletion } from "@/server/engine/run-to-completion";
import { DEFAULT_LIMITS, buildExecutionContext, type EngineDeps } from "@/server/engine/step-outcome";
import { startExecution } from "@/server/modules/executions/executions.service";
import { PostgresExecutionStore } from "@/server/modules/executions/postgres-execution-store";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { startTestPostgres } from "@/server/testing/test-postgres";
import { machineLine, printTable, summarise } from "./table";

const STATES = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 30);

function chain(): StateMachine {
  const States: Record<string, unknown> = {};
  for (let i = 0; i < STATES; i++) {
    States[`S${i}`] = { Type: "Pass", Parameters: { "n.$": "States.MathAdd($.n, 1)" }, ...(i + 1 < STATES ? { Next: `S${i + 1}` } : { End: true }) };
  }
  return stateMachineSchema.parse({ StartAt: "S0", States }) as StateMachine;
}

function manifest(): string {
  const lines = Array.from({ length: STATES }, (_, i) => `      S${i}: { Type: Pass, Parameters: { "n.$": "States.MathAdd($.n, 1)" }, ${i + 1 < STATES ? `Next: S${i + 1}` : "End: true"} }`);
  return `key: bench-chain-${Date.now()}\nname: Bench chain\nflows:\n  - key: main\n    trigger: { type: manual }\n    StartAt: S0\n    States:\n${lines.join("\n")}\n`;
}

const deps: EngineDeps = {
  invokeAction: async () => ({}),
  now: () => new Date(),
  random: Math.random,
  limits: DEFAULT_LIMITS,
};

async function inMemory(machine: StateMachine): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const context = buildExecutionContext({ id: `bench-${run}`, input: { n: 0 }, startTime: new Date() });
    const started = performance.now();
    const result = await runToCompletion({ machine, input: { n: 0 }, context, deps });
    times.push(performance.now() - started);
    if (result.status !== "succeeded") throw new Error(`in-memory run failed: ${JSON.stringify(result)}`);
  }
  return times;
}

async function durable(): Promise<number[]> {
  const cluster = await startTestPostgres();
  try {
    useDatabase(await cluster.freshDatabase("bench"));
    useEncryptionKey(randomBytes(32));
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest() });
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const { id } = await startExecution(organization.id, { instanceId: instance.id, flowKey: "main", input: { n: 0 }, trigger: "manual" });
      const started = performance.now();
      // Run inline (no queue latency): this measures the runner and its commits only.
      await runExecution(id, { store: new PostgresExecutionStore(), deps, leaseMs: 30_000 });
      times.push(performance.now() - started);
    }
    await disconnectDb();
    return times;
  } finally {
    await cluster.stop();
  }
}

async function main() {
  process.stdout.write(`bench:engine — ${machineLine()}\n${STATES}-state Pass chain, ${RUNS} runs each (first run included)\n`);
  const memory = summarise(await inMemory(chain()));
  const stored = summarise(await durable());
  const perStateMemory = memory.p50 / STATES;
  const perStateDurable = stored.p50 / STATES;
  printTable("Per state and per run (ms, p50 unless noted)", [
    { mode: "interpreter only (no I/O)", "run p50": memory.p50, "run p95": memory.p95, "per state": perStateMemory, "states/s": (1000 / perStateMemory) | 0 },
    { mode: "durable (1 commit per state)", "run p50": stored.p50, "run p95": stored.p95, "per state": perStateDurable, "states/s": (1000 / perStateDurable) | 0 },
  ]);
  printTable("Ratio", [
    { "checkpoint write / state work": (perStateDurable - perStateMemory) / perStateMemory, "interpreter share of a durable state": perStateMemory / perStateDurable },
  ]);
}

await main();
