import { z } from "zod";

import { githubIssueSchema, issueSchema, repoParamSchema, repoPath, toIssue } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const getIssue = defineAction({
  description: "Fetches an issue; answers { found: false } when it does not exist.",
  readOnly: true,
  input: z.object({ repo: repoParamSchema, number: z.coerce.number().int().positive() }),
  output: z.union([z.object({ found: z.literal(true), issue: issueSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    try {
      const response = await ctx.http.get(`${repoPath(input.repo)}/issues/${input.number}`);
      return { found: true as const, issue: toIssue(githubIssueSchema.parse(response.body)) };
    } catch (error) {
      // A missing issue is an answer a flow can branch on (Choice), not a failure.
      if (isHttpError(error) && error.status === 404) return { found: false as const };
      throw error;
    }
  },
});
