import { z } from "zod";

import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { type ApiRoute, bearerToken, jsonResponse, linkHeader, matchRoute, pageParams, readJson } from "@/server/sandbox/http";
import { authenticateAccessToken } from "@/server/sandbox/oauth/oauth.service";
import * as repos from "@/server/sandbox/github/github.repo";
import { commentOnIssue, createHook, editIssue, issueJson, openIssue, withAuthors } from "@/server/sandbox/github/github.service";
import { toGithubComment, toGithubHook, toGithubIssue, toGithubRepo, toGithubUser } from "@/server/sandbox/github/github-shapes";

/** The simulated api.github.com: paths, shapes, status codes and error bodies as GitHub answers them. */
const DOCS = "https://docs.github.com/rest";
const error = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  jsonResponse(status, { message, ...extra, documentation_url: DOCS, status: String(status) });
const notFound = () => error(404, "Not Found");
const validationFailed = (resource: string, message: string) => error(422, "Validation Failed", { errors: [{ resource, code: "custom", message }] });

interface Ctx {
  request: Request;
  url: URL;
  accountId: number;
}

function paged(ctx: Ctx, defaults = { perPage: 30, max: 100 }) {
  const { page, perPage } = pageParams(ctx.url, defaults);
  return { page, perPage, skip: (page - 1) * perPage, take: perPage };
}

function pagedResponse(ctx: Ctx, items: unknown[], page: { page: number; perPage: number }, total: number) {
  const link = linkHeader(ctx.url, page.page, page.perPage, total);
  return jsonResponse(200, items, link ? { link } : {});
}

/** The repository, if it exists and the token's account may see it; GitHub answers 404 either way. */
async function visibleRepo(ctx: Ctx, params: Record<string, string>) {
  const repo = await repos.findRepo(params.owner, params.repo);
  return repo && repo.accountId === ctx.accountId ? repo : null;
}

async function body<T extends z.ZodType>(ctx: Ctx, schema: T): Promise<{ data: z.output<T> } | { response: Response }> {
  const raw = await readJson(ctx.request);
  if (raw === null) return { response: error(400, "Problems parsing JSON") };
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success)
    return { response: error(422, `Invalid request. ${parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")}`) };
  return { data: parsed.data };
}

const issueNumber = (params: Record<string, string>) => (/^\d+$/.test(params.number) ? Number(params.number) : -1);

/** `state`, `since`, `sort` and `direction` as GitHub reads them (newest created first by default), or what is wrong. */
function issueListing(query: URLSearchParams): repos.IssueListing | string {
  const state = query.get("state") ?? "open";
  if (state !== "open" && state !== "closed" && state !== "all") return `state must be open, closed or all (got "${state}")`;
  const sort = query.get("sort") ?? "created";
  if (sort !== "created" && sort !== "updated") return `sort must be created or updated (got "${sort}")`;
  const direction = query.get("direction") ?? "desc";
  if (direction !== "asc" && direction !== "desc") return `direction must be asc or desc (got "${direction}")`;
  const sinceText = query.get("since");
  const since = sinceText === null ? undefined : new Date(sinceText);
  if (since && Number.isNaN(since.getTime())) return `since must be an ISO 8601 timestamp (got "${sinceText}")`;
  return { state, sort, direction, ...(since ? { since } : {}) };
}

const createIssueSchema = z.object({ title: z.union([z.string(), z.number()]).transform(String), body: z.string().nullish() });
const patchIssueSchema = z.object({
  title: z.string().optional(),
  body: z.string().nullable().optional(),
  state: z.enum(["open", "closed"]).optional(),
  state_reason: z.enum(["completed", "not_planned", "reopened"]).nullable().optional(),
});
const createHookSchema = z.object({
  name: z.string().optional(),
  active: z.boolean().default(true),
  events: z.array(z.string()).default(["push"]),
  config: z
    .object({
      url: z.string().optional(),
      content_type: z.enum(["json", "form"]).default("form"),
      secret: z.string().optional(),
      insecure_ssl: z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
});

const routes: Array<ApiRoute<Ctx>> = [
  {
    method: "GET",
    pattern: "/user",
    async handle(ctx) {
      const account = await findSandboxAccount(ctx.accountId);
      return account ? jsonResponse(200, toGithubUser(account)) : error(401, "Bad credentials");
    },
  },
  {
    method: "GET",
    pattern: "/user/repos",
    async handle(ctx) {
      const page = paged(ctx);
      const [{ rows, total }, account] = await Promise.all([repos.listReposOfAccount(ctx.accountId, page), findSandboxAccount(ctx.accountId)]);
      return pagedResponse(
        ctx,
        rows.map((repo) => toGithubRepo(repo, account ?? undefined)),
        page,
        total,
      );
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      return repo ? jsonResponse(200, toGithubRepo(repo, (await findSandboxAccount(ctx.accountId)) ?? undefined)) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/hooks",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      if (!repo) return notFound();
      return jsonResponse(
        200,
        (await repos.listRepoHooks(repo.id)).map((hook) => toGithubHook(hook, repo)),
      );
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/hooks",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      if (!repo) return notFound();
      const parsed = await body(ctx, createHookSchema);
      if ("response" in parsed) return parsed.response;
      const config = parsed.data.config ?? { content_type: "form" as const };
      if (!config.url || !URL.canParse(config.url)) return validationFailed("Hook", "Config must contain URL for webhooks");
      const existing = await repos.listRepoHooks(repo.id);
      if (existing.some((hook) => hook.url === config.url)) return validationFailed("Hook", "Hook already exists on this repository");
      const hook = await createHook(repo, ctx.accountId, {
        url: config.url,
        contentType: config.content_type,
        secret: config.secret || null,
        events: parsed.data.events,
        active: parsed.data.active,
      });
      return jsonResponse(201, hook);
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/hooks/:id",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const hook = repo && /^\d+$/.test(params.id) ? await repos.findRepoHook(repo.id, Number(params.id)) : null;
      return repo && hook ? jsonResponse(200, toGithubHook(hook, repo)) : notFound();
    },
  },
  {
    method: "DELETE",
    pattern: "/repos/:owner/:repo/hooks/:id",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const deleted = repo && /^\d+$/.test(params.id) ? await repos.deleteRepoHook(repo.id, Number(params.id)) : false;
      return deleted ? jsonResponse(204, null) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      if (!repo) return notFound();
      const listing = issueListing(ctx.url.searchParams);
      if (typeof listing === "string") return validationFailed("Issue", listing);
      const page = paged(ctx);
      const { rows, total } = await repos.listIssues(repo.id, listing, page);
      const items = (await withAuthors(rows)).map(({ row, author }) => toGithubIssue(row, repo, author));
      return pagedResponse(ctx, items, page, total);
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      if (!repo) return notFound();
      const parsed = await body(ctx, createIssueSchema);
      if ("response" in parsed) return parsed.response;
      if (parsed.data.title.trim() === "") return validationFailed("Issue", "title can't be blank");
      return jsonResponse(201, await openIssue(repo, ctx.accountId, parsed.data));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const issue = repo ? await repos.findIssue(repo.id, issueNumber(params)) : null;
      return repo && issue ? jsonResponse(200, await issueJson(repo, issue)) : notFound();
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/issues/:number",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const issue = repo ? await repos.findIssue(repo.id, issueNumber(params)) : null;
      if (!repo || !issue) return notFound();
      const parsed = await body(ctx, patchIssueSchema);
      if ("response" in parsed) return parsed.response;
      const { state_reason: stateReason, ...rest } = parsed.data;
      return jsonResponse(200, await editIssue(repo, issue, ctx.accountId, { ...rest, stateReason }));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const issue = repo ? await repos.findIssue(repo.id, issueNumber(params)) : null;
      if (!repo || !issue) return notFound();
      const page = paged(ctx);
      const { rows, total } = await repos.listIssueComments(issue.id, page);
      const items = (await withAuthors(rows)).map(({ row, author }) => toGithubComment(row, issue.number, repo, author));
      return pagedResponse(ctx, items, page, total);
    },
  },
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/issues/:number/comments",
    async handle(ctx, params) {
      const repo = await visibleRepo(ctx, params);
      const issue = repo ? await repos.findIssue(repo.id, issueNumber(params)) : null;
      if (!repo || !issue) return notFound();
      const parsed = await body(ctx, z.object({ body: z.string() }));
      if ("response" in parsed) return parsed.response;
      if (parsed.data.body.trim() === "") return validationFailed("IssueComment", "body can't be blank");
      return jsonResponse(201, await commentOnIssue(repo, issue, ctx.accountId, parsed.data.body));
    },
  },
];

/** Answers `/sandbox/github/api/<path>`; `path` is what follows `/api`. */
export async function handleGithubApi(request: Request, path: string): Promise<Response> {
  const match = matchRoute(routes, request.method, path);
  if (match === undefined) return notFound();
  if (match === "methodNotAllowed") return error(404, "Not Found");
  const auth = await authenticateAccessToken("github", bearerToken(request));
  if (!auth.ok) return auth.reason === "missing" ? error(401, "Requires authentication") : error(401, "Bad credentials");
  const headers = { "x-oauth-scopes": auth.scopes.join(", "), "x-github-media-type": "github.v3; format=json" };
  const response = await match.route.handle({ request, url: new URL(request.url), accountId: auth.accountId }, match.params);
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}
