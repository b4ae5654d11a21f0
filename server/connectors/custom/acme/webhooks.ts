import { z } from "zod";

import { defineWebhooks } from "@/server/connectors/framework/define-connector";

const webhookListSchema = z.object({ data: z.array(z.object({ id: z.string(), url: z.string() })) });

/** Acme signs deliveries with the secret we choose, so the endpoint can verify them (HMAC preset). */
export const acmeWebhooks = defineWebhooks({
  async create(ctx, { url, secret, events }) {
    const response = await ctx.http.post("/webhooks", { url, secret, events });
    return { id: z.object({ id: z.string() }).parse(response.body).id };
  },
  async list(ctx) {
    const response = await ctx.http.get("/webhooks");
    return webhookListSchema.parse(response.body).data;
  },
  async delete(ctx, id) {
    await ctx.http.delete(`/webhooks/${encodeURIComponent(id)}`);
  },
});
