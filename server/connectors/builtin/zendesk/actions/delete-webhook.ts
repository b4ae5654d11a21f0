import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const deleteWebhook = defineAction({
  description: "Deletes a Zendesk webhook; { deleted: false } when it was already gone.",
  readOnly: false,
  destructive: true,
  input: z.object({ webhookId: z.string().min(1) }),
  output: z.object({ deleted: z.boolean() }),
  async run(ctx, input) {
    try {
      await ctx.http.delete(`/api/v2/webhooks/${encodeURIComponent(input.webhookId)}`);
      return { deleted: true };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return { deleted: false };
      throw error;
    }
  },
});
