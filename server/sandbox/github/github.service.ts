import { findAccountsByIds, findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { sandboxNow } from "@/server/sandbox/clock";
import { deliverToHook, emitGithubEvent } from "@/server/sandbox/github/github-events";
import * as repos from "@/server/sandbox/github/github.repo";
import { toGithubComment, toGithubHook, toGithubIssue, toGithubRepo, toGithubUser } from "@/server/sandbox/github/github-shapes";

/**
 * What happens in the simulated GitHub, whether the API or the sandbox UI asked: state changes
 * and the webhook events they cause. Both callers go through here so a person clicking "Close"
 * produces the same `issues.closed` delivery as an integration's PATCH.
 */
type Repo = NonNullable<Awaited<ReturnType<typeof repos.findRepo>>>;
type Issue = NonNullable<Awaited<ReturnType<typeof repos.findIssue>>>;
type Account = NonNullable<Awaited<ReturnType<typeof findSandboxAccount>>>;

export class SandboxNotFound extends Error {}

async function accountOrThrow(id: number): Promise<Account> {
  const account = await findSandboxAccount(id);
  if (!account) throw new SandboxNotFound(`sandbox account ${id} does not exist`);
  return account;
}

async function eventContext(repo: Repo, sender: Account) {
  const collaborator = await findSandboxAccount(repo.accountId);
  return { repository: toGithubRepo(repo, collaborator ?? undefined), sender: toGithubUser(sender) };
}

export async function issueJson(repo: Repo, issue: Issue) {
  return toGithubIssue(issue, repo, await accountOrThrow(issue.authorId));
}

/** Issues or comments with their authors, loaded in one query. */
export async function withAuthors<T extends { authorId: number }>(rows: T[]): Promise<Array<{ row: T; author: Account }>> {
  const authors = new Map((await findAccountsByIds(rows.map((r) => r.authorId))).map((a) => [a.id, a]));
  return rows.map((row) => ({ row, author: authors.get(row.authorId)! }));
}

export async function openIssue(repo: Repo, actorId: number, input: { title: string; body?: string | null }) {
  const actor = await accountOrThrow(actorId);
  const created = await repos.insertIssue(repo.id, { title: input.title, body: input.body ?? null, authorId: actor.id });
  const issue = { ...created, _count: { comments: 0 } };
  const json = toGithubIssue(issue, repo, actor);
  await emitGithubEvent(repo.id, "issues", { action: "opened", issue: json, ...(await eventContext(repo, actor)) });
  return json;
}

/** PATCH semantics: changed fields only; closing/reopening and editing each raise their own action. */
export async function editIssue(
  repo: Repo,
  issue: Issue,
  actorId: number,
  patch: { title?: string; body?: string | null; state?: "open" | "closed"; stateReason?: string | null },
) {
  const actor = await accountOrThrow(actorId);
  const now = sandboxNow();
  const stateChanged = patch.state !== undefined && patch.state !== issue.state;
  const changes: Record<string, { from: unknown }> = {};
  if (patch.title !== undefined && patch.title !== issue.title) changes.title = { from: issue.title };
  if (patch.body !== undefined && patch.body !== issue.body) changes.body = { from: issue.body };
  const updated = await repos.updateIssue(issue.id, {
    ...(changes.title ? { title: patch.title } : {}),
    ...(changes.body ? { body: patch.body } : {}),
    ...(stateChanged
      ? {
          state: patch.state,
          closedAt: patch.state === "closed" ? now : null,
          stateReason: patch.state === "closed" ? (patch.stateReason ?? "completed") : "reopened",
        }
      : {}),
    updatedAt: now,
  });
  const json = toGithubIssue(updated, repo, await accountOrThrow(updated.authorId));
  const context = await eventContext(repo, actor);
  if (Object.keys(changes).length > 0) await emitGithubEvent(repo.id, "issues", { action: "edited", issue: json, changes, ...context });
  if (stateChanged) await emitGithubEvent(repo.id, "issues", { action: patch.state === "closed" ? "closed" : "reopened", issue: json, ...context });
  return json;
}

export async function commentOnIssue(repo: Repo, issue: Issue, actorId: number, body: string) {
  const actor = await accountOrThrow(actorId);
  const comment = await repos.insertIssueComment(issue.id, { body, authorId: actor.id, at: sandboxNow() });
  const json = toGithubComment(comment, issue.number, repo, actor);
  const fresh = await repos.findIssue(repo.id, issue.number);
  await emitGithubEvent(repo.id, "issue_comment", {
    action: "created",
    issue: await issueJson(repo, fresh ?? issue),
    comment: json,
    ...(await eventContext(repo, actor)),
  });
  return json;
}

/** Creates a hook and sends GitHub's `ping`, which is how a receiver first hears from a new hook. */
export async function createHook(
  repo: Repo,
  actorId: number,
  input: { url: string; contentType: string; secret: string | null; events: string[]; active: boolean },
) {
  const hook = await repos.insertRepoHook(repo.id, input);
  const json = toGithubHook(hook, repo);
  if (hook.active) {
    const context = await eventContext(repo, await accountOrThrow(actorId));
    deliverToHook(hook, repo.id, "ping", { zen: "Keep it logically awesome.", hook_id: hook.id, hook: json, ...context });
  }
  return json;
}
