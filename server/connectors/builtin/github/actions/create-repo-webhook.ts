import { z } from "zod";

import { githubHookSchema, repoParamSchema, repoPath, toWebhook, webhookSchema } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createRepoWebhook = defineAction({
  description: "Registers a repository webhook that posts JSON, signed with the given secret (X-Hub-Signature-256).",
  readOnly: false,
  input: z.object({
    repo: repoParamSchema,
    url: z.url(),
    secret: z.string().min(1),
    events: z.array(z.string().min(1)).min(1).default(["issues", "issue_comment"]),
  }),
  output: webhookSchema,
  async run(ctx, input) {
    const response = await ctx.http.post(`${repoPath(input.repo)}/hooks`, {
      name: "web",
      active: true,
      events: input.events,
      // JSON, not GitHub's form default: the ingest endpoint matches on the JSON body.
      config: { url: input.url, content_type: "json", secret: input.secret, insecure_ssl: "0" },
    });
    return toWebhook(githubHookSchema.parse(response.body));
  },
});
