import { createHash } from "node:crypto";

import { sandboxBaseUrl } from "@/server/sandbox/config";

/**
 * GitHub's REST shapes (the fields integrations read; GitHub sends more). URLs point into the
 * sandbox: `url` at its API, `html_url` at its UI pages.
 */
type Account = { id: number; login: string; name: string; email: string };
type Repo = { id: number; owner: string; name: string; description: string | null; private: boolean; accountId: number; createdAt: Date };
type Issue = {
  id: number;
  number: number;
  title: string;
  body: string | null;
  state: string;
  stateReason: string | null;
  authorId: number;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
  _count?: { comments: number };
};
type Comment = { id: number; body: string; authorId: number; createdAt: Date };
type Hook = { id: number; url: string; contentType: string; secret: string | null; events: string[]; active: boolean; createdAt: Date; updatedAt: Date };

const api = () => `${sandboxBaseUrl("github")}/api`;
const html = () => sandboxBaseUrl("github");
const nodeId = (kind: string, id: number) => Buffer.from(`${kind}:${id}`).toString("base64url");
const iso = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : null);

export function toGithubUser(account: Account) {
  return {
    login: account.login,
    id: account.id,
    node_id: nodeId("User", account.id),
    avatar_url: "",
    url: `${api()}/users/${account.login}`,
    html_url: `${html()}/users/${account.login}`,
    type: "User",
    site_admin: false,
    name: account.name,
    email: account.email,
  };
}

/** A repository's owner: the account itself, or an organization (acme) named only by login. */
function toOwner(login: string, account: Account | undefined) {
  if (account && account.login === login) return toGithubUser(account);
  const id = Number.parseInt(createHash("sha256").update(login).digest("hex").slice(0, 7), 16);
  return {
    login,
    id,
    node_id: nodeId("Organization", id),
    avatar_url: "",
    url: `${api()}/orgs/${login}`,
    html_url: `${html()}/orgs/${login}`,
    type: "Organization",
    site_admin: false,
  };
}

export function toGithubRepo(repo: Repo, collaborator?: Account) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: nodeId("Repository", repo.id),
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    owner: toOwner(repo.owner, collaborator),
    html_url: `${html()}/repos/${fullName}`,
    description: repo.description,
    fork: false,
    url: `${api()}/repos/${fullName}`,
    hooks_url: `${api()}/repos/${fullName}/hooks`,
    issues_url: `${api()}/repos/${fullName}/issues{/number}`,
    created_at: iso(repo.createdAt),
    has_issues: true,
    visibility: repo.private ? "private" : "public",
    default_branch: "main",
    permissions: { admin: true, maintain: true, push: true, triage: true, pull: true },
  };
}

export function toGithubIssue(issue: Issue, repo: Repo, author: Account) {
  const repoPath = `${repo.owner}/${repo.name}`;
  return {
    id: issue.id,
    node_id: nodeId("Issue", issue.id),
    url: `${api()}/repos/${repoPath}/issues/${issue.number}`,
    repository_url: `${api()}/repos/${repoPath}`,
    comments_url: `${api()}/repos/${repoPath}/issues/${issue.number}/comments`,
    html_url: `${html()}/repos/${repoPath}/issues/${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    state_reason: issue.stateReason,
    user: toGithubUser(author),
    labels: [],
    assignee: null,
    assignees: [],
    locked: false,
    comments: issue._count?.comments ?? 0,
    author_association: "OWNER",
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
    closed_at: iso(issue.closedAt),
  };
}

export function toGithubComment(comment: Comment, issueNumber: number, repo: Repo, author: Account) {
  const repoPath = `${repo.owner}/${repo.name}`;
  return {
    id: comment.id,
    node_id: nodeId("IssueComment", comment.id),
    url: `${api()}/repos/${repoPath}/issues/comments/${comment.id}`,
    html_url: `${html()}/repos/${repoPath}/issues/${issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${api()}/repos/${repoPath}/issues/${issueNumber}`,
    body: comment.body,
    user: toGithubUser(author),
    author_association: "OWNER",
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.createdAt),
  };
}

/** GitHub never returns a hook's secret, only that one is set. */
export function toGithubHook(hook: Hook, repo: Repo) {
  const base = `${api()}/repos/${repo.owner}/${repo.name}/hooks/${hook.id}`;
  return {
    type: "Repository",
    id: hook.id,
    name: "web",
    active: hook.active,
    events: hook.events,
    config: { content_type: hook.contentType, insecure_ssl: "0", url: hook.url, ...(hook.secret ? { secret: "********" } : {}) },
    updated_at: iso(hook.updatedAt),
    created_at: iso(hook.createdAt),
    url: base,
    test_url: `${base}/test`,
    ping_url: `${base}/pings`,
    deliveries_url: `${base}/deliveries`,
  };
}
