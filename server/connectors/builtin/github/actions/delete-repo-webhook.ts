import { z } from "zod";

import { repoParamSchema, repoPath } from "@/server/connectors/builtin/github/github.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const deleteRepoWebhook = defineAction({
  description: "Deletes a repository webhook; answers { deleted: false } when it was already gone.",
  readOnly: false,
  destructive: true,
  input: z.object({ repo: repoParamSchema, hookId: z.coerce.number().int().positive() }),
  output: z.object({ deleted: z.boolean() }),
  async run(ctx, input) {
    try {
      await ctx.http.delete(`${repoPath(input.repo)}/hooks/${input.hookId}`);
      return { deleted: true };
    } catch (error) {
      // Uninstall must be repeatable: a hook someone already removed is not a failure.
      if (isHttpError(error) && error.status === 404) return { deleted: false };
      throw error;
    }
  },
});
