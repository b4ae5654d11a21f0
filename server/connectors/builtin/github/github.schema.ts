import { z } from "zod";

/** GitHub's REST shapes (only the fields we read) and the camelCase shapes flows see. */
export const repoParamSchema = z.string().regex(/^[\w.-]+\/[\w.-]+$/, "expected owner/name, e.g. acme/webapp");

/** `owner/name` as a path prefix, each part encoded. */
export function repoPath(repo: string): string {
  const [owner, name] = repo.split("/");
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

const githubUserSchema = z.object({ login: z.string(), id: z.number() });

export const githubRepoSchema = z.object({
  id: z.number(),
  name: z.string(),
  full_name: z.string(),
  private: z.boolean(),
  html_url: z.string(),
  description: z.string().nullable(),
  owner: githubUserSchema,
  permissions: z.object({ admin: z.boolean() }).partial().optional(),
});

export const repositorySchema = z.object({
  id: z.number(),
  fullName: z.string(),
  owner: z.string(),
  name: z.string(),
  private: z.boolean(),
  description: z.string().nullable(),
  htmlUrl: z.string(),
});

export function toRepository(repo: z.infer<typeof githubRepoSchema>): z.infer<typeof repositorySchema> {
  return {
    id: repo.id,
    fullName: repo.full_name,
    owner: repo.owner.login,
    name: repo.name,
    private: repo.private,
    description: repo.description,
    htmlUrl: repo.html_url,
  };
}

export const githubIssueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullable().optional(),
  state: z.string(),
  state_reason: z.string().nullable().optional(),
  html_url: z.string(),
  user: githubUserSchema.nullable(),
  comments: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
});

export const issueSchema = z.object({
  id: z.number(),
  number: z.number(),
  title: z.string(),
  body: z.string().nullable(),
  state: z.enum(["open", "closed"]),
  stateReason: z.string().nullable(),
  htmlUrl: z.string(),
  author: z.string().nullable(),
  comments: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
});

export function toIssue(issue: z.infer<typeof githubIssueSchema>): z.infer<typeof issueSchema> {
  return {
    id: issue.id,
    number: issue.number,
    title: issue.title,
    body: issue.body ?? null,
    state: issue.state === "closed" ? "closed" : "open",
    stateReason: issue.state_reason ?? null,
    htmlUrl: issue.html_url,
    author: issue.user?.login ?? null,
    comments: issue.comments,
    createdAt: issue.created_at,
    updatedAt: issue.updated_at,
    closedAt: issue.closed_at,
  };
}

export const githubCommentSchema = z.object({
  id: z.number(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  user: githubUserSchema.nullable(),
  created_at: z.string(),
});

export const commentSchema = z.object({ id: z.number(), body: z.string(), htmlUrl: z.string(), author: z.string().nullable(), createdAt: z.string() });

export function toComment(comment: z.infer<typeof githubCommentSchema>): z.infer<typeof commentSchema> {
  return { id: comment.id, body: comment.body ?? "", htmlUrl: comment.html_url, author: comment.user?.login ?? null, createdAt: comment.created_at };
}

export const githubHookSchema = z.object({
  id: z.number(),
  active: z.boolean(),
  events: z.array(z.string()),
  config: z.object({ url: z.string().optional(), content_type: z.string().optional() }),
});

export const webhookSchema = z.object({ id: z.number(), url: z.string(), events: z.array(z.string()), active: z.boolean() });

export function toWebhook(hook: z.infer<typeof githubHookSchema>): z.infer<typeof webhookSchema> {
  return { id: hook.id, url: hook.config.url ?? "", events: hook.events, active: hook.active };
}

/** The page after this one, read from GitHub's Link header (`rel="next"`), or null on the last page. */
export function nextPageOf(headers: Record<string, string>): number | null {
  const next = /<([^>]+)>;\s*rel="next"/.exec(headers.link ?? "")?.[1];
  if (!next) return null;
  const page = Number(new URL(next).searchParams.get("page"));
  return Number.isInteger(page) && page > 0 ? page : null;
}

export const pagingInput = { page: z.number().int().min(1).default(1), perPage: z.number().int().min(1).max(100).default(30) };
