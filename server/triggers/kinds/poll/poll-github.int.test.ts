/**
 * Acceptance: a flow polling the sandbox GitHub every minute. Ticks are driven with an injected
 * clock (minutes far ahead of the real one, so the worker's own per-minute tick never competes);
 * polls and executions run on real workers against the sandbox over real HTTP.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { upsertRepo } from "@/server/sandbox/github/github.repo";
import { openIssue } from "@/server/sandbox/github/github.service";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { uniqueKey } from "@/server/testing/hooks";
import { deployWithSandboxConnection, organizationReaching, pollEnvironment, pollExecutions, pollState } from "@/server/testing/polling-fixtures";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";
import { enqueueDuePolls } from "./poll-tick";
import { runPoll } from "./run-poll";

const MINUTE = 60_000;
let sandbox: SandboxServer;
let demoAccountId: number;
const workers: RunningWorker[] = [];

const startWorker = async () => {
  const worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
  workers.push(worker);
  return worker;
};

beforeAll(async () => {
  demoAccountId = (await seedSandbox()).github.account.id;
  sandbox = await startSandboxServer();
});

async function stopWorker(worker: RunningWorker) {
  workers.splice(workers.indexOf(worker), 1);
  await worker.stop();
}

afterAll(async () => {
  for (const worker of [...workers]) await stopWorker(worker);
  await sandbox.close();
});

const manifest = (key: string) => `key: ${key}
name: New GitHub issues
connections: { github: { connector: github } }
config:
  pages:
    - title: Repository
      fields:
        - { key: repo, type: string, required: true }
flows:
  - key: newIssues
    trigger:
      type: poll
      connector: github
      poller: issues
      connection: github
      schedule: { every: 1m }
      params: { repo.$: $$.Config.repo, perPage: 2 }
    StartAt: Describe
    States:
      Describe:
        Type: Pass
        Parameters: { summary.$: "States.Format('#{} {}', $.item.number, $.item.title)" }
        End: true
`;

/** A fresh repository of the demo account and an instance polling it. */
async function pollingRepository() {
  const repo = await upsertRepo({ owner: `poll-${randomBytes(3).toString("hex")}`, name: "webapp", accountId: demoAccountId });
  const organization = await organizationReaching(sandbox.origin);
  const { instance } = await deployWithSandboxConnection({
    organizationId: organization.id,
    manifest: manifest(uniqueKey("poll")),
    config: { repo: `${repo.owner}/${repo.name}` },
    sandbox,
    provider: "github",
    login: SANDBOX_DEMO.github.login,
    key: "github",
    scope: "repo",
  });
  // Far ahead of the real clock: the real per-minute tick finds these due times already polled.
  let minute = 100_000;
  const tick = async () => {
    const now = new Date(instance.deployedAt!.getTime() + minute++ * MINUTE + 1_000);
    const { queued } = await enqueueDuePolls({ now });
    const mine = queued.find((q) => q.instanceId === instance.id);
    expect(mine).toBeDefined();
    return mine!.dueAt;
  };
  const open = (count: number, label: string) =>
    Promise.all(Array.from({ length: count }, (_, i) => openIssue(repo, demoAccountId, { title: `${label} ${i + 1}` })));
  return { repo, organization, instance, tick, open };
}

async function settled(instanceId: string, dueAt: Date, expected: number) {
  await waitFor(async () => {
    const state = await pollState(instanceId, "newIssues");
    return state?.lastDueAt !== null && state !== null && Date.parse(state.lastDueAt) >= dueAt.getTime();
  }, `the poll due at ${dueAt.toISOString()}`);
  await waitFor(async () => {
    const executions = await pollExecutions(instanceId, "newIssues");
    return executions.length === expected && executions.every((e) => e.status === "succeeded");
  }, `${expected} succeeded executions`);
  return pollExecutions(instanceId, "newIssues");
}

describe("polling GitHub issues", () => {
  it("5 new issues start 5 executions; after a worker restart the next poll starts none; a 6th issue starts exactly one", async () => {
    const { instance, tick, open } = await pollingRepository();
    let worker = await startWorker();

    const issues = await open(5, "Checkout broken");
    let executions = await settled(instance.id, await tick(), 5);
    expect(executions.map((e) => (e.input as { item: { number: number } }).item.number).sort((a, b) => a - b)).toEqual(
      issues.map((i) => i.number).sort((a, b) => a - b),
    );
    expect(executions.every((e) => e.trigger === "poll")).toBe(true);
    expect(executions[0].output).toMatchObject({ summary: expect.stringMatching(/^#\d+ Checkout broken \d$/) });
    const events = await db().event.findMany({ where: { instanceId: instance.id } });
    expect(events).toHaveLength(5);
    expect(events.every((e) => e.source === "poll" && e.eventType === "github.issues" && e.verdict === "accepted")).toBe(true);

    // The worker restarts between polls: the cursor lives in instance state, not in the process.
    await stopWorker(worker);
    worker = await startWorker();
    executions = await settled(instance.id, await tick(), 5);
    expect(executions).toHaveLength(5);

    const [sixth] = await open(1, "Refund missing");
    executions = await settled(instance.id, await tick(), 6);
    expect((executions.at(-1)!.input as { item: { number: number; title: string } }).item).toMatchObject({ number: sixth.number, title: "Refund missing 1" });
    expect(new Set(executions.map((e) => (e.input as { itemId: string }).itemId)).size).toBe(6);

    const state = await pollState(instance.id, "newIssues");
    expect(state).toMatchObject({ lastError: null, boundary: { ids: expect.arrayContaining([String(sixth.number)]) } });
  });

  it("two workers and concurrent polls of one flow start each issue once", async () => {
    const { instance, organization, tick, open } = await pollingRepository();
    await startWorker();
    await startWorker();
    await open(7, "Race");
    // Polls queued by ticks (run by either worker) race direct polls of the same due time.
    const dueAt = await tick();
    const job = { organizationId: organization.id, instanceId: instance.id, flowKey: "newIssues", dueAt: dueAt.toISOString() };
    const outcomes = await Promise.all([runPoll(job, pollEnvironment), runPoll(job, pollEnvironment), runPoll(job, pollEnvironment)]);
    expect(outcomes.filter((o) => o.status === "failed")).toEqual([]);
    await open(3, "Late");
    const laterDue = await tick();
    await Promise.all([
      runPoll({ ...job, dueAt: laterDue.toISOString() }, pollEnvironment),
      runPoll({ ...job, dueAt: laterDue.toISOString() }, pollEnvironment),
    ]);
    const executions = await settled(instance.id, laterDue, 10);
    const numbers = executions.map((e) => (e.input as { item: { number: number } }).item.number);
    expect(new Set(numbers).size).toBe(10);
  });
});
