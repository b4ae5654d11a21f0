import { z } from "zod";

import {
  commentSchema,
  githubCommentSchema,
  nextPageOf,
  pagingInput,
  repoParamSchema,
  repoPath,
  toComment,
} from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const listIssueComments = defineAction({
  description: "Lists an issue's comments, oldest first, one page at a time.",
  readOnly: true,
  input: z.object({ repo: repoParamSchema, number: z.coerce.number().int().positive(), ...pagingInput }),
  output: z.object({ comments: z.array(commentSchema), nextPage: z.number().nullable() }),
  async run(ctx, input) {
    const response = await ctx.http.get(`${repoPath(input.repo)}/issues/${input.number}/comments`, { query: { page: input.page, per_page: input.perPage } });
    return { comments: z.array(githubCommentSchema).parse(response.body).map(toComment), nextPage: nextPageOf(response.headers) };
  },
});
