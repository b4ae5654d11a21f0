import { z } from "zod";

import { githubIssueSchema, issueSchema, repoParamSchema, repoPath, toIssue } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createIssue = defineAction({
  description: "Opens an issue in a repository.",
  readOnly: false,
  input: z.object({ repo: repoParamSchema, title: z.string().min(1).max(256), body: z.string().optional() }),
  output: issueSchema,
  async run(ctx, input) {
    const response = await ctx.http.post(`${repoPath(input.repo)}/issues`, { title: input.title, ...(input.body !== undefined ? { body: input.body } : {}) });
    return toIssue(githubIssueSchema.parse(response.body));
  },
});
