import { z } from "zod";

import { postMessage } from "@/server/connectors/builtin/slack/actions/post-message";
import { channels } from "@/server/connectors/builtin/slack/data-sources/channels";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * Slack through an app installed with OAuth v2 (bot token). Receiving events needs no lifecycle:
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
  auth: {
    kind: "oauth2",
    grant: "authorization_code",
    authorizeUrl: "https://slack.com/oauth/v2/authorize",
    tokenUrl: "https://slack.com/api/oauth.v2.access",
    scopes: ["chat:write", "channels:read", "channels:history"],
    async accountLabel({ http }) {
      const response = await http.post("/auth.test");
      const body = z.object({ ok: z.boolean(), team: z.string().optional() }).parse(response.body);
      return body.ok ? body.team : undefined;
    },
  },
  baseUrl: "https://slack.com/api",
  actions: { postMessage },
  dataSources: { channels },
});
