/**
 * examples/github-issues-poll/manifest.yaml on the sandbox: a worker polls the repository (the
 * tick driven with an injected clock) and posts each new issue to the Slack channel, once.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { upsertRepo } from "@/server/sandbox/github/github.repo";
import { openIssue } from "@/server/sandbox/github/github.service";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { listMessages } from "@/server/sandbox/slack/slack.repo";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { connectSandboxAccount, deployWithSandboxConnection, organizationReaching, pollExecutions, pollState } from "@/server/testing/polling-fixtures";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { enqueueDuePolls } from "@/server/triggers/kinds/poll/poll-tick";
import type { RunningWorker } from "@/server/worker/start-worker";

let sandbox: SandboxServer;
let worker: RunningWorker;

beforeAll(async () => {
  await seedSandbox();
  sandbox = await startSandboxServer();
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});

afterAll(async () => {
  await worker.stop();
  await sandbox.close();
});

describe("GitHub issues → Slack (polling) on the sandbox", () => {
  it("posts each issue opened after activation to the channel, once", async () => {
    const { github } = await seedSandbox();
    const repo = await upsertRepo({ owner: `acme-${randomBytes(3).toString("hex")}`, name: "webapp", accountId: github.account.id });
    const repoName = `${repo.owner}/${repo.name}`;
    await openIssue(repo, github.account.id, { title: "Opened before activation" });
    // GitHub's times have whole seconds: activate in the next one, so that issue is plainly older.
    await new Promise((resolve) => setTimeout(resolve, 1010 - (Date.now() % 1000)));
    const channel = SANDBOX_DEMO.slack.channels[1].id;

    const organization = await organizationReaching(sandbox.origin);
    const { instance } = await deployWithSandboxConnection({
      organizationId: organization.id,
      manifest: readFileSync("examples/github-issues-poll/manifest.yaml", "utf8"),
      config: { repo: repoName, channel },
      sandbox,
      provider: "github",
      login: SANDBOX_DEMO.github.login,
      key: "github",
      scope: "repo",
    });
    await connectSandboxAccount(instance, { sandbox, provider: "slack", login: SANDBOX_DEMO.slack.user, key: "slack", scope: "chat:write" });

    const opened = [];
    for (const title of ["Login page blank", "Export times out"]) opened.push(await openIssue(repo, github.account.id, { title }));

    let minute = 50_000;
    const pollOnce = async () => {
      const { queued } = await enqueueDuePolls({ now: new Date(instance.deployedAt!.getTime() + minute++ * 60_000) });
      const mine = queued.find((q) => q.instanceId === instance.id)!;
      await waitFor(async () => {
        const state = await pollState(instance.id, "newIssues");
        return state?.lastDueAt && Date.parse(state.lastDueAt) >= mine.dueAt.getTime();
      }, "the poll");
      await waitFor(async () => (await pollExecutions(instance.id, "newIssues")).every((e) => e.status === "succeeded"), "the posts");
    };
    const posted = async () =>
      (await listMessages(channel, { take: 200 }))
        .filter((m) => m.text.includes(repoName))
        .map((m) => m.text)
        .reverse();

    await pollOnce();
    // One execution per issue, run concurrently by the worker: the posts may come in either order.
    const expected = opened.map((issue) => `New issue in ${repoName}: #${issue.number} ${issue.title} by ${SANDBOX_DEMO.github.login}\n${issue.html_url}`);
    expect((await posted()).sort()).toEqual(expected.sort());
    await pollOnce();
    expect(await posted()).toHaveLength(2);
    expect((await pollState(instance.id, "newIssues"))?.lastError).toBeNull();
  });
});
