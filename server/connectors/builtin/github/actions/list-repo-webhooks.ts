import { z } from "zod";

import { githubHookSchema, repoParamSchema, repoPath, toWebhook, webhookSchema } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const listRepoWebhooks = defineAction({
  description: "Lists a repository's webhooks (needs admin access to the repository).",
  readOnly: true,
  input: z.object({ repo: repoParamSchema }),
  output: z.object({ webhooks: z.array(webhookSchema) }),
  async run(ctx, input) {
    const response = await ctx.http.get(`${repoPath(input.repo)}/hooks`, { query: { per_page: 100 } });
    return { webhooks: z.array(githubHookSchema).parse(response.body).map(toWebhook) };
  },
});
