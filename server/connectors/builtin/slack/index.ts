import { z } from "zod";

import { postMessage } from "@/server/connectors/builtin/slack/actions/post-message";
import { callSlack } from "@/server/connectors/builtin/slack/slack-call";
import { channels } from "@/server/connectors/builtin/slack/data-sources/channels";
import type { AccountLabelContext } from "@/server/connectors/framework/auth";
import { defineConnector } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";

/** Names the workspace; Slack answers 200 with `ok: false` for a token it does not accept, so that is a refusal. */
async function slackWorkspace({ http }: AccountLabelContext): Promise<string | undefined> {
  const response = await http.post("/auth.test");
  const body = z.object({ ok: z.boolean(), team: z.string().optional(), error: z.string().optional() }).parse(response.body);
  if (!body.ok) throw new NonRetryableError(`Slack refused the token (${body.error ?? "not ok"})`);
  return body.team;
}

/**
 * Slack through an app installed with OAuth v2, or with the bot token of an app the customer
 * installed themselves (`botToken`). Receiving events needs no lifecycle:
 * Slack has no API to register an Events URL. The app's Event Subscriptions "Request URL" is set
 * to the flow's endpoint URL and the flow verifies deliveries with the Slack preset and the app's
 * signing secret:
 *
 *   trigger: { type: webhook, verify: { preset: slack, secret: { config: slackSigningSecret } },
 *              match: { "$.body.event.type": [message] } }
 *
 * The preset checks `v0=` HMAC over `v0:<timestamp>:<body>` within the tolerance, answers Slack's
 * `url_verification` challenge only after the signature verified, and dedupes on `$.event_id`
 * (Slack retries deliveries). In the sandbox, `ensureSandboxOAuthClient("slack", { eventsUrl,
 * signingSecret, … })` plays the part of the app settings page.
 */
export const slackConnector = defineConnector({
  key: "slack",
  name: "Slack",
  description: "Post messages to Slack channels and react to Slack events.",
  auth: [
    {
      kind: "oauth2",
      grant: "authorization_code",
      authorizeUrl: "https://slack.com/oauth/v2/authorize",
      tokenUrl: "https://slack.com/api/oauth.v2.access",
      scopes: ["chat:write", "channels:read", "channels:history"],
      accountLabel: slackWorkspace,
    },
    {
      kind: "credentials",
      id: "botToken",
      label: "Bot token",
      description: "Your Slack app → OAuth & Permissions → Bot User OAuth Token (xoxb-…), with the chat:write and channels:read scopes.",
      fields: [{ key: "token", label: "Bot User OAuth Token", type: "string", secret: true, placeholder: "xoxb-…" }],
      validate: (values) =>
        /^xox[bp]-/.test(String(values.token)) ? [] : [{ field: "token", message: "must be a Slack bot or user token (xoxb-… or xoxp-…)" }],
      authorize: (values) => ({ headers: { authorization: `Bearer ${values.token}` } }),
      accountLabel: slackWorkspace,
    },
  ],
  baseUrl: "https://slack.com/api",
  healthCheck: {
    description: "auth.test: the workspace and bot the token belongs to.",
    async run(ctx) {
      await callSlack(ctx, "auth.test", {});
    },
  },
  actions: { postMessage },
  dataSources: { channels },
});
