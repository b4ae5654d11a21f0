import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

const hookSchema = z.object({ id: z.string(), url: z.string(), events: z.array(z.string()) });

export const createWebhook = defineAction({
  readOnly: false,
  description: "Subscribes a URL to Acme events; Acme signs each delivery with the secret (X-Acme-Signature: sha256=<HMAC-SHA256 hex of the body>).",
  input: z.object({ url: z.url(), secret: z.string().min(16), events: z.array(z.enum(["opportunity.created", "opportunity.updated"])).min(1) }),
  output: hookSchema,
  async run(ctx, input) {
    return hookSchema.parse((await ctx.http.post("/webhooks", input)).body);
  },
});

export const listWebhooks = defineAction({
  readOnly: true,
  description: "The workspace's webhook subscriptions.",
  input: z.object({}),
  output: z.object({ webhooks: z.array(hookSchema) }),
  async run(ctx) {
    return { webhooks: z.object({ data: z.array(hookSchema) }).parse((await ctx.http.get("/webhooks")).body).data };
  },
});

export const deleteWebhook = defineAction({
  readOnly: false,
  destructive: true,
  description: "Removes a webhook subscription; answers deleted: false when it was already gone.",
  input: z.object({ webhookId: z.string().min(1) }),
  output: z.object({ webhookId: z.string(), deleted: z.boolean() }),
  async run(ctx, input) {
    try {
      await ctx.http.delete(`/webhooks/${encodeURIComponent(input.webhookId)}`);
      return { webhookId: input.webhookId, deleted: true };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return { webhookId: input.webhookId, deleted: false };
      throw error;
    }
  },
});
