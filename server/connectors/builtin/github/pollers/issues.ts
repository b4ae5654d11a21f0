import { z } from "zod";

import { githubIssueSchema, nextPageOf, repoParamSchema, repoPath, toIssue } from "@/server/connectors/builtin/github/github.schema";
import { definePoller } from "@/server/connectors/framework/define-connector";

/** Where the next request of one poll starts: GitHub's `since` and a page of that answer. */
const pageTokenSchema = z.object({ since: z.string(), page: z.number().int().positive() });

/**
 * The saved cursor: `since` for the next poll, and `createdFrom`, the time from which an issue counts
 * as new. `createdFrom` moves only once a poll has read to the end: an issue opened earlier but
 * edited later sits on a later page, and must still count when a poll is cut short.
 */
const cursorSchema = z.object({ since: z.string(), createdFrom: z.string() });

/** GitHub's timestamps have whole seconds; `since` is compared with them. */
const toSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/**
 * Issues of a repository created (or updated) since the cursor, oldest change first.
 *
 * The cursor is the `updated_at` of the last issue processed; `since` is inclusive, so issues at
 * that second come back and the platform skips the ones it remembers. Rather than walking page
 * numbers of one answer (an issue updated meanwhile moves to the end and shifts the others back a
 * place, so one would be skipped), each page asks again from the last `updated_at` seen; only a
 * full page of issues sharing one second is continued with `page=N+1` of the same answer.
 */
export const issuesPoller = definePoller({
  description: "Starts a flow for each issue opened in a repository (or, with `on: updated`, for each change to one), pull requests excluded.",
  params: z.object({
    repo: repoParamSchema,
    /** `created`: each new issue once. `updated`: every change (edit, comment, close) again. */
    on: z.enum(["created", "updated"]).default("created"),
    state: z.enum(["open", "closed", "all"]).default("all"),
    perPage: z.number().int().min(1).max(100).default(100),
  }),
  async poll(ctx, { params, cursor, page, startAt }) {
    const start = cursor ? cursorSchema.parse(JSON.parse(cursor)) : { since: toSeconds(startAt), createdFrom: toSeconds(startAt) };
    const position = page ? pageTokenSchema.parse(JSON.parse(page)) : { since: start.since, page: 1 };
    const response = await ctx.http.get(`${repoPath(params.repo)}/issues`, {
      query: { since: position.since, state: params.state, sort: "updated", direction: "asc", per_page: params.perPage, page: position.page },
    });
    const listed = z.array(githubIssueSchema.extend({ pull_request: z.unknown().optional() })).parse(response.body);
    const lastUpdated = listed.at(-1)?.updated_at;
    const items = listed
      // The issues endpoint also lists pull requests; they are not issues to a flow.
      .filter((issue) => issue.pull_request === undefined)
      .filter((issue) => params.on === "updated" || Date.parse(issue.created_at) >= Date.parse(start.createdFrom))
      .map((issue) => ({
        id: params.on === "updated" ? `${issue.number}@${issue.updated_at}` : String(issue.number),
        data: { ...toIssue(issue), repo: params.repo },
        position: issue.updated_at,
      }));
    const more = nextPageOf(response.headers) !== null && lastUpdated !== undefined;
    const next = !more ? undefined : lastUpdated !== position.since ? { since: lastUpdated, page: 1 } : { since: position.since, page: position.page + 1 };
    const since = lastUpdated ?? position.since;
    const saved = { since, createdFrom: next ? start.createdFrom : since };
    return { items, cursor: JSON.stringify(saved), ...(next ? { nextPage: JSON.stringify(next) } : {}) };
  },
});
