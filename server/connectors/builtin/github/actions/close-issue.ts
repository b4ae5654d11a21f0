import { z } from "zod";

import { githubIssueSchema, issueSchema, repoParamSchema, repoPath, toIssue } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const closeIssue = defineAction({
  description: "Closes an issue as completed or not planned; closing a closed issue changes nothing.",
  readOnly: false,
  input: z.object({ repo: repoParamSchema, number: z.coerce.number().int().positive(), reason: z.enum(["completed", "not_planned"]).default("completed") }),
  output: issueSchema,
  async run(ctx, input) {
    const response = await ctx.http.patch(`${repoPath(input.repo)}/issues/${input.number}`, { state: "closed", state_reason: input.reason });
    return toIssue(githubIssueSchema.parse(response.body));
  },
});
