import { z } from "zod";

import { githubRepoSchema, nextPageOf, pagingInput, repositorySchema, toRepository } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const listRepos = defineAction({
  description: "Lists the repositories the connected account can access, one page at a time.",
  readOnly: true,
  input: z.object(pagingInput),
  output: z.object({ repositories: z.array(repositorySchema), nextPage: z.number().nullable() }),
  async run(ctx, input) {
    const response = await ctx.http.get("/user/repos", { query: { page: input.page, per_page: input.perPage, sort: "full_name" } });
    return { repositories: z.array(githubRepoSchema).parse(response.body).map(toRepository), nextPage: nextPageOf(response.headers) };
  },
});
