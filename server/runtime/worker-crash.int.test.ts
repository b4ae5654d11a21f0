/**
 * kill -9 of the worker in the middle of a 20-state execution: another worker finishes it, no
 * committed state runs again, and an interrupted action re-runs with the same idempotency key.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, inject, it } from "vitest";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { waitFor } from "@/server/testing/test-worker";
import { executionDetail, startExecution } from "@/server/modules/executions/executions.service";

const received: string[] = [];
const sink = http.createServer((req, res) => {
  received.push(String(req.headers["idempotency-key"]));
  // Slow enough that a kill usually lands while an action is in flight.
  setTimeout(() => res.end("{}"), 150);
});

const workers: ChildProcess[] = [];
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
  await new Promise((r) => sink.close(r));
});

function startWorkerProcess(sinkUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/testing/worker-process.ts", inject("databaseUrl"), sinkUrl, "1500"], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (chunk) => String(chunk).includes("worker ready") && resolve(child));
    child.once("exit", (code) => reject(new Error(`worker exited early (${code})`)));
  });
}

const manifest = `key: crash-${Date.now()}
name: Twenty actions
flows:
  - key: main
    trigger: { type: manual }
    StartAt: A01
    States:
${Array.from({ length: 20 }, (_, i) => {
  const name = `A${String(i + 1).padStart(2, "0")}`;
  const next = i < 19 ? `Next: A${String(i + 2).padStart(2, "0")}` : "End: true";
  return `      ${name}: { Type: Action, Action: sink.record, Parameters: { "n": ${i + 1} }, ResultPath: $.last, ${next} }`;
}).join("\n")}
`;

describe("worker crash", () => {
  it("finishes after kill -9 with no committed state run twice", async () => {
    await new Promise<void>((r) => sink.listen(0, "127.0.0.1", () => r()));
    const sinkUrl = `http://127.0.0.1:${(sink.address() as AddressInfo).port}/`;
    const { organization } = await createOrganizationWithMember();
    const { instance } = await deployIntegration({ organizationId: organization.id, manifest });
    const { id } = await startExecution(organization.id, { instanceId: instance.id, flowKey: "main", input: {}, trigger: "manual" });

    let kills = 0;
    for (const killAfter of [4, 10]) {
      const worker = await startWorkerProcess(sinkUrl);
      await waitFor(async () => received.length >= killAfter, `${killAfter} actions to reach the sink`);
      worker.kill("SIGKILL");
      await new Promise((r) => worker.once("exit", r));
      kills++;
    }
    await startWorkerProcess(sinkUrl);
    const { execution, steps } = await waitFor(
      async () => {
        const detail = await executionDetail(organization.id, id);
        return detail.execution.status === "succeeded" ? detail : null;
      },
      "the execution to finish after the kills",
      60_000,
    );

    expect(execution.status).toBe("succeeded");
    // Every state committed exactly once, in order.
    expect(steps.map((s) => s.stateName)).toEqual(Array.from({ length: 20 }, (_, i) => `A${String(i + 1).padStart(2, "0")}`));
    expect(steps.map((s) => s.sequence)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    // Each action's effect carries its state's key; a repeat is only ever the one in flight at a kill.
    // The worker shares the queue with other test files: count only this execution's calls.
    const mine = received.filter((key) => key.startsWith(`${id}:`));
    const distinct = new Set(mine);
    expect(distinct.size).toBe(20);
    expect(mine.length - distinct.size).toBeLessThanOrEqual(kills);
    for (const key of distinct) expect(key).toMatch(new RegExp(`^${id}:A\\d\\d:0$`));
    console.info(
      `worker crash: ${kills} kills, ${mine.length} action calls for 20 states, ${mine.length - distinct.size} re-run with the same key, ${steps.length} committed steps`,
    );
  }, 120_000);
});
