import { z } from "zod";

import { githubRepoSchema, nextPageOf } from "@/server/connectors/builtin/github/github.schema";
import { defineDataSource } from "@/server/connectors/framework/define-connector";

const PER_PAGE = 100;
/** With a search term, pages without a match are skipped, but only this many per request (rate limits). */
const MAX_PAGES_PER_SEARCH = 10;

/**
 * Repositories for the wizard's select, valued `owner/name`. GitHub's /user/repos cannot filter
 * by name, so a search filters page by page and the cursor is the next GitHub page to read.
 */
export const listReposSource = defineDataSource({
  description: "Repositories the connected account can access (owner/name).",
  async run(ctx, { search, cursor }) {
    const needle = search?.trim().toLowerCase() ?? "";
    let page: number | null = cursor ? Number(cursor) : 1;
    const options: Array<{ value: string; label: string }> = [];
    for (let read = 0; page !== null && read < (needle ? MAX_PAGES_PER_SEARCH : 1); read++) {
      const response = await ctx.http.get("/user/repos", { query: { page, per_page: PER_PAGE, sort: "full_name" } });
      for (const repo of z.array(githubRepoSchema).parse(response.body)) {
        if (!needle || repo.full_name.toLowerCase().includes(needle))
          options.push({ value: repo.full_name, label: repo.private ? `${repo.full_name} (private)` : repo.full_name });
      }
      page = nextPageOf(response.headers);
      if (options.length > 0) break;
    }
    return { options, ...(page !== null ? { nextCursor: String(page) } : {}) };
  },
});
