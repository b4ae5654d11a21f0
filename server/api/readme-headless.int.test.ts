/**
 * Runs the README's "Headless: deploy the Slack example with curl" script with bash, exactly as
 * written, against the real route handlers, webhook ingest, worker and sandbox providers served
 * over HTTP: a customer, connections from sandbox tokens, a deploy with config values, an issue
 * opened through the sandbox GitHub API, the execution read back, the message in Slack.
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/server/db/client";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { listMessages } from "@/server/sandbox/slack/slack.repo";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { startTestWorker } from "@/server/testing/test-worker";
import type { RunningWorker } from "@/server/worker/start-worker";
import { fencedBlocks } from "./testing/curl";
import { apiKeyFor } from "./testing/call-route";
import { startAppServer, type AppServer } from "./testing/app-server";

let app: AppServer;
let worker: RunningWorker;

beforeAll(async () => {
  app = await startAppServer();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [app.origin] }) });
});

afterAll(async () => {
  await worker?.stop();
  await app?.close();
});

function runBash(script: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["-euo", "pipefail", "-c", script], { env: { ...process.env, ...env }, cwd: process.cwd() });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("README headless example", () => {
  it("creates a customer, connects GitHub and Slack from tokens, deploys github-slack, triggers it and reads the execution", async () => {
    const [block] = fencedBlocks(readFileSync("README.md", "utf8"), "## Headless: deploy the Slack example with curl").filter((b) => b.lang === "bash");
    expect(block, "the README's bash block").toBeDefined();
    const { organization } = await createOrganizationWithMember();
    const general = SANDBOX_DEMO.slack.channels[0].id;
    const before = (await listMessages(general, { take: 1000 })).length;

    const result = await runBash(block.text, { SWITCHYARD_URL: app.origin, SWITCHYARD_API_KEY: await apiKeyFor(organization.id) });
    expect(result.code, `stderr: ${result.stderr}\nstdout: ${result.stdout}`).toBe(0);

    // What the script printed: the execution, succeeded, and the message it posted.
    expect(result.stdout).toMatch(/"status": "succeeded"/);
    expect(result.stdout).toMatch(/"stateName": "Post"/);
    expect(result.stdout).toMatch(/New issue in acme\/webapp: #\d+ Checkout fails on Safari by octo-demo/);

    // And what the database says: one execution of newIssues, succeeded; the message in #general.
    const executions = await db().execution.findMany({ where: { organizationId: organization.id, flowKey: "newIssues" } });
    expect(executions.map((e) => e.status)).toEqual(["succeeded"]);
    const messages = await listMessages(general, { take: 1000 });
    expect(messages.length).toBe(before + 1);
    expect(messages.some((m) => m.text.includes("Checkout fails on Safari by octo-demo"))).toBe(true);

    // The connections hold the tokens encrypted: neither token appears in the stored row.
    const connections = await db().connection.findMany({ where: { organizationId: organization.id } });
    expect(connections.map((c) => [c.connector, c.authKind, c.accountLabel]).sort()).toEqual([
      ["github", "credentials", SANDBOX_DEMO.github.login],
      ["slack", "credentials", "Acme"],
    ]);
    for (const row of connections) expect(row.credentialsEncrypted).not.toMatch(/ghp_|xoxb-/);
  }, 180_000);
});
