import { z } from "zod";

import { defineAction } from "@/server/connectors/framework/define-connector";

const webhookResponseSchema = z.object({ webhook: z.object({ id: z.string(), endpoint: z.string(), status: z.string() }) });
const signingSecretSchema = z.object({ signing_secret: z.object({ secret: z.string() }) });

export const createWebhook = defineAction({
  description:
    "Creates a Zendesk webhook for trigger notifications and answers its signing secret. Zendesk chooses the secret, so store it (e.g. in instance state) for the `zendesk` verify preset.",
  readOnly: false,
  input: z.object({ name: z.string().min(1), endpoint: z.url() }),
  output: z.object({ id: z.string(), endpoint: z.string(), signingSecret: z.string() }),
  async run(ctx, input) {
    const created = await ctx.http.post("/api/v2/webhooks", {
      webhook: {
        name: input.name,
        endpoint: input.endpoint,
        http_method: "POST",
        request_format: "json",
        status: "active",
        subscriptions: ["conditional_ticket_events"],
      },
    });
    const { id, endpoint } = webhookResponseSchema.parse(created.body).webhook;
    const secret = await ctx.http.get(`/api/v2/webhooks/${encodeURIComponent(id)}/signing_secret`);
    return { id, endpoint, signingSecret: signingSecretSchema.parse(secret.body).signing_secret.secret };
  },
});
