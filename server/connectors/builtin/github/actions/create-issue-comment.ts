import { z } from "zod";

import { commentSchema, githubCommentSchema, repoParamSchema, repoPath, toComment } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createIssueComment = defineAction({
  description: "Adds a comment to an issue.",
  readOnly: false,
  input: z.object({ repo: repoParamSchema, number: z.coerce.number().int().positive(), body: z.string().min(1).max(65536) }),
  output: commentSchema,
  async run(ctx, input) {
    const response = await ctx.http.post(`${repoPath(input.repo)}/issues/${input.number}/comments`, { body: input.body });
    return toComment(githubCommentSchema.parse(response.body));
  },
});
