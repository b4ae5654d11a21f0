import { resolveAccountLabel } from "@/server/connectors/framework/account-label";
import { oauth2Method } from "@/server/connectors/framework/auth";
import { randomBytes } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { githubConnector } from "@/server/connectors/builtin/github";
import { GITHUB_REPOSITORY_STATE_KEY } from "@/server/connectors/builtin/github/webhooks";
import { deleteOwnWebhooks } from "@/server/connectors/framework/webhooks";
import { startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import { listDeliveries } from "@/server/sandbox/deliveries/deliveries.repo";
import { settleSandboxDeliveries } from "@/server/sandbox/deliveries/deliver";
import { useSandboxClock } from "@/server/sandbox/clock";
import { upsertRepo } from "@/server/sandbox/github/github.repo";
import { SANDBOX_DEMO, seedSandbox } from "@/server/sandbox/seed";
import { connectAs, registerTestClient, sandboxConnection } from "@/server/sandbox/testing/sandbox-fixtures";
import { startSandboxServer, type SandboxServer } from "@/server/sandbox/testing/sandbox-server";
import { verifyDelivery } from "@/server/verify/registry";

let sandbox: SandboxServer;
let receiver: LocalServer;
let github: ReturnType<typeof sandboxConnection>;

beforeAll(async () => {
  await seedSandbox();
  sandbox = await startSandboxServer();
  receiver = await startLocalServer((_request, response) => response.writeHead(202).end());
  const grant = await connectAs("github", SANDBOX_DEMO.github.login, await registerTestClient("github"), "repo admin:repo_hook");
  github = sandboxConnection(githubConnector, sandbox, "github", grant.accessToken);
});

afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});

describe("github connector against the sandbox", () => {
  it("labels the account with its login", async () => {
    const ctx = github.context();
    const label = await resolveAccountLabel(oauth2Method(githubConnector.auth)!, { http: ctx.http, network: ctx.network, signal: ctx.signal });
    expect(label).toBe(SANDBOX_DEMO.github.login);
  });

  it("lists repositories", async () => {
    const result = (await github.action("listRepos", {})) as { repositories: Array<{ fullName: string }>; nextPage: number | null };
    expect(result.repositories.map((r) => r.fullName)).toEqual(expect.arrayContaining(["acme/api", "acme/webapp"]));
    expect(result.nextPage).toBeNull();
  });

  it("opens, reads, comments on and closes an issue; a registered webhook receives signed issues and issue_comment events", async () => {
    const secret = randomBytes(16).toString("hex");
    const hookUrl = `${receiver.origin}/api/hooks/${randomBytes(6).toString("hex")}`;
    const hook = (await github.action("createRepoWebhook", { repo: "acme/webapp", url: hookUrl, secret })) as { id: number; events: string[] };
    expect(hook.events).toEqual(["issues", "issue_comment"]);
    const hooks = (await github.action("listRepoWebhooks", { repo: "acme/webapp" })) as { webhooks: Array<{ id: number; url: string }> };
    expect(hooks.webhooks).toContainEqual(expect.objectContaining({ id: hook.id, url: hookUrl }));

    const issue = (await github.action("createIssue", { repo: "acme/webapp", title: "Checkout fails", body: "500 on submit" })) as {
      number: number;
      state: string;
      author: string;
    };
    expect(issue).toMatchObject({ state: "open", author: SANDBOX_DEMO.github.login });
    expect(await github.action("getIssue", { repo: "acme/webapp", number: issue.number })).toMatchObject({ found: true, issue: { title: "Checkout fails" } });
    expect(await github.action("getIssue", { repo: "acme/webapp", number: 999_999 })).toEqual({ found: false });

    await github.action("createIssueComment", { repo: "acme/webapp", number: issue.number, body: "Looking into it" });
    const comments = (await github.action("listIssueComments", { repo: "acme/webapp", number: issue.number })) as { comments: Array<{ body: string }> };
    expect(comments.comments.map((c) => c.body)).toEqual(["Looking into it"]);
    expect(await github.action("closeIssue", { repo: "acme/webapp", number: issue.number })).toMatchObject({ state: "closed", stateReason: "completed" });

    await settleSandboxDeliveries();
    const received = receiver.requests.filter((r) => r.url.startsWith(new URL(hookUrl).pathname));
    expect(received.map((r) => [r.headers["x-github-event"], (JSON.parse(r.body) as { action?: string }).action])).toEqual([
      ["ping", undefined],
      ["issues", "opened"],
      ["issue_comment", "created"],
      ["issues", "closed"],
    ]);
    for (const request of received) {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const verdict = verifyDelivery({ method: "POST", url: hookUrl, headers, rawBody: Buffer.from(request.body) }, { preset: "github" }, [secret], {
        now: () => new Date(),
      });
      expect(verdict).toEqual({ ok: true });
      expect(request.headers["x-github-delivery"]).toMatch(/^[0-9a-f-]{36}$/);
    }
    const recorded = await listDeliveries({ target: `github-hook:${hook.id}` });
    expect(recorded.map((d) => d.status)).toEqual([202, 202, 202, 202]);

    expect(await github.action("deleteRepoWebhook", { repo: "acme/webapp", hookId: hook.id })).toEqual({ deleted: true });
    expect(await github.action("deleteRepoWebhook", { repo: "acme/webapp", hookId: hook.id })).toEqual({ deleted: false });
  });

  it("deletes only its own webhooks on uninstall, leaving the customer's", async () => {
    const ctx = github.context();
    const mine = `${receiver.origin}/api/hooks/${randomBytes(6).toString("hex")}`;
    const foreign = `${receiver.origin}/customer-${randomBytes(4).toString("hex")}`;
    await ctx.state.set(GITHUB_REPOSITORY_STATE_KEY, "acme/api");
    const own = await githubConnector.webhooks.create(ctx, { url: mine, secret: "s3cret", events: ["issues"] });
    expect(own.id).toMatch(/^acme\/api#\d+$/);
    await github.action("createRepoWebhook", { repo: "acme/webapp", url: foreign, secret: "theirs" });

    expect(await deleteOwnWebhooks(ctx, githubConnector.webhooks, [mine])).toEqual([own.id]);
    const remaining = (await githubConnector.webhooks.list(ctx)).map((hook) => hook.url);
    expect(remaining).toContain(foreign);
    expect(remaining).not.toContain(mine);
  });

  it("pages and searches repositories for the wizard", async () => {
    const login = `pager-${randomBytes(3).toString("hex")}`;
    const account = await ensureSandboxAccount("github", { login, name: "Pager", email: `${login}@example.com` });
    for (let i = 0; i < 105; i++) await upsertRepo({ owner: login, name: `repo-${String(i).padStart(3, "0")}`, accountId: account.id });
    const grant = await connectAs("github", login, await registerTestClient("github"), "repo");
    const pager = sandboxConnection(githubConnector, sandbox, "github", grant.accessToken);

    const first = await pager.dataSource("listRepos");
    expect(first.options).toHaveLength(100);
    expect(first.options[0]).toEqual({ value: `${login}/repo-000`, label: `${login}/repo-000` });
    expect(first.nextCursor).toBe("2");
    const second = await pager.dataSource("listRepos", { cursor: first.nextCursor });
    expect(second.options.map((o) => o.value)).toEqual([100, 101, 102, 103, 104].map((n) => `${login}/repo-${n}`));
    expect(second.nextCursor).toBeUndefined();

    // A search skips pages without a match: repo-104 lives on page 2.
    const search = await pager.dataSource("listRepos", { search: "REPO-104" });
    expect(search.options.map((o) => o.value)).toEqual([`${login}/repo-104`]);
  });

  it("surfaces GitHub's 401 when the token is not valid", async () => {
    const stranger = sandboxConnection(githubConnector, sandbox, "github", "gho_not-a-token");
    await expect(stranger.action("listRepos", {})).rejects.toThrow(/GitHub answered 401 Unauthorized: Bad credentials/);
  });

  it("lists issues updated since a time, oldest change first, in pages linked like GitHub's", async () => {
    const { github: demo } = await seedSandbox();
    const repo = await upsertRepo({ owner: `since-${randomBytes(3).toString("hex")}`, name: "webapp", accountId: demo.account.id });
    const http = github.context().http;
    const path = `/repos/${repo.owner}/${repo.name}/issues`;
    const first = (await github.action("createIssue", { repo: `${repo.owner}/${repo.name}`, title: "First" })) as { number: number; updatedAt: string };
    for (const title of ["Second", "Third"]) await github.action("createIssue", { repo: `${repo.owner}/${repo.name}`, title });
    // Closed an hour later (the sandbox's clock), so its update is plainly the newest.
    useSandboxClock(() => new Date(Date.now() + 3_600_000));
    try {
      await github.action("closeIssue", { repo: `${repo.owner}/${repo.name}`, number: first.number });
    } finally {
      useSandboxClock();
    }

    const page1 = await http.get(path, { query: { state: "all", sort: "updated", direction: "asc", per_page: 2, page: 1 } });
    expect((page1.body as Array<{ title: string }>).map((i) => i.title)).toEqual(["Second", "Third"]);
    expect(page1.headers.link).toMatch(/[?&]page=2[^>]*>; rel="next"/);
    const page2 = await http.get(path, { query: { state: "all", sort: "updated", direction: "asc", per_page: 2, page: 2 } });
    expect((page2.body as Array<{ title: string; state: string }>).map((i) => [i.title, i.state])).toEqual([["First", "closed"]]);
    expect(page2.headers.link).not.toMatch(/rel="next"/);

    const closedAt = (page2.body as Array<{ updated_at: string }>)[0].updated_at;
    const since = await http.get(path, { query: { state: "all", since: closedAt, sort: "updated", direction: "asc" } });
    expect((since.body as Array<{ title: string }>).map((i) => i.title)).toEqual(["First"]);
    // Defaults as GitHub's: open issues, newest created first.
    expect(((await http.get(path)).body as Array<{ title: string }>).map((i) => i.title)).toEqual(["Third", "Second"]);
    const refused = (message: string) => ({
      status: 422,
      responseBody: { message: "Validation Failed", errors: [expect.objectContaining({ message: expect.stringContaining(message) })] },
    });
    await expect(http.get(path, { query: { sort: "popularity" } })).rejects.toMatchObject(refused("sort must be created or updated"));
    await expect(http.get(path, { query: { since: "yesterday" } })).rejects.toMatchObject(refused("since must be an ISO 8601 timestamp"));
  });
});
