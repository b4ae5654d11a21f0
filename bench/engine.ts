/**
 * bench:engine — what one state costs with no I/O (the interpreter alone) against what its one
 * checkpoint write costs (the durable runner committing each step to Postgres), and states per
 * second for a 100-state Pass chain: interpreter only, durable with one commit per state (as
 * before), and durable with runs of side-effect-free states committed together (the default).
 * Figures from one run; compare ratios, not runs.
 */
import { performance } from "node:perf_hooks";
import { db } from "@/server/db/client";
import { stateMachineSchema, type StateMachine } from "@/server/engine/definition.schema";
import { runToCompletion } from "@/server/engine/run-to-completion";
import { DEFAULT_LIMITS, buildExecutionContext, type EngineDeps } from "@/server/engine/step-outcome";
import { startExecution } from "@/server/modules/executions/executions.service";
import { createRuntime } from "@/server/runtime/runtime";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { emitEvent } from "@/server/triggers/kinds/event/emit-event";
import { startBenchDatabase } from "./harness";
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
  const lines = Array.from(
    { length: STATES },
    (_, i) => `      S${i}: { Type: Pass, Parameters: { "n.$": "States.MathAdd($.n, 1)" }, ${i + 1 < STATES ? `Next: S${i + 1}` : "End: true"} }`,
  );
  return `key: bench-chain-${Date.now()}\nname: Bench chain\nflows:\n  - key: main\n    trigger: { type: manual }\n    StartAt: S0\n    States:\n${lines.join("\n")}\n`;
}

const runtime = createRuntime({ leaseMs: 30_000, actionInvoker: () => async () => ({}), emitEvent });

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

/** Runs the chain through the durable runner on Postgres; checks every step was recorded. */
async function durable(organizationId: string, instanceId: string, batchPureSteps: boolean): Promise<number[]> {
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const { id } = await startExecution(organizationId, { instanceId, flowKey: "main", input: { n: 0 }, trigger: "manual" });
    const started = performance.now();
    // Run inline (no queue latency): this measures the runner and its commits only.
    await runtime.run(id, { batchPureSteps });
    times.push(performance.now() - started);
    const [row] = await db().$queryRaw<{ status: string; steps: number; records: bigint }[]>`
      SELECT status::text, steps_committed AS steps, (SELECT count(*) FROM step_run WHERE execution_id = ${id}::uuid) AS records FROM execution WHERE id = ${id}::uuid`;
    if (row.status !== "succeeded" || row.steps !== STATES || Number(row.records) !== STATES) throw new Error(`durable run ended ${JSON.stringify(row)}`);
  }
  return times;
}

/** What one transaction costs on this database right now: BEGIN, one small UPDATE, COMMIT. */
async function emptyCommits(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < RUNS * 5; i++) {
    const started = performance.now();
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE organization SET updated_at = updated_at WHERE false`;
    });
    times.push(performance.now() - started);
  }
  return times;
}

async function main() {
  process.stdout.write(`bench:engine — ${machineLine()}\n${STATES}-state Pass chain, ${RUNS} runs each (first run included)\n`);
  const memory = summarise(await inMemory(chain()));
  const database = await startBenchDatabase("bench_engine");
  try {
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest: manifest() });
    const perStep = summarise(await durable(organization.id, instance.id, false));
    const batched = summarise(await durable(organization.id, instance.id, true));
    const commit = summarise(await emptyCommits());
    const row = (mode: string, s: ReturnType<typeof summarise>) => ({
      mode,
      "run p50": s.p50,
      "run p95": s.p95,
      "per state": s.p50 / STATES,
      "states/s": Math.round((1000 * STATES) / s.p50),
    });
    printTable("100-state Pass chain (ms, p50 unless noted)", [
      row("interpreter only (no I/O)", memory),
      row("durable, 1 commit per state (before)", perStep),
      row("durable, pure states committed together (now)", batched),
    ]);
    const interpreter = memory.p50 / STATES;
    const checkpoint = perStep.p50 / STATES - interpreter;
    printTable("Per state: work against its checkpoint write", [
      {
        "interpreter per state (ms)": interpreter,
        "checkpoint write per state (ms)": checkpoint,
        "empty transaction p50 (ms)": commit.p50,
        "write / work": checkpoint / interpreter,
        "speed-up from batching": perStep.p50 / batched.p50,
      },
    ]);
  } finally {
    await database.stop();
  }
}

await main();
process.exit(0);
