import { randomBytes } from "node:crypto";

import { sandboxNow } from "@/server/sandbox/clock";
import { dispatchDelivery } from "@/server/sandbox/deliveries/deliver";
import { installedSlackApps } from "@/server/sandbox/oauth/oauth.repo";
import { insertMessage } from "@/server/sandbox/slack/slack.repo";
import { slackBotId } from "@/server/sandbox/slack/slack-ids";
import { signSlackRequest } from "@/server/verify/slack";

type Channel = { id: string; workspace: string; isPrivate: boolean };
type Message = { ts: string; text: string; userId: string; botId: string | null };

let sequence = 0;

/**
 * Slack's message id: "<unix seconds>.<6 digits>". Sortable as text within a channel, which is
 * how conversations.history pages; the last three digits keep two posts in one millisecond apart.
 */
function nextTs(now: Date): string {
  sequence = (sequence + 1) % 1000;
  const ms = now.getTime();
  return `${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, "0")}${String(sequence).padStart(3, "0")}`;
}

export function toSlackMessage(message: Message, team: string) {
  return {
    type: "message",
    text: message.text,
    user: message.userId,
    ts: message.ts,
    team,
    ...(message.botId ? { bot_id: message.botId, app_id: message.botId.replace(/^B/, "A") } : {}),
  };
}

/** Posts a message (a person in the sandbox UI, or an app's bot through chat.postMessage) and sends the Events API callback. */
export async function postMessage(channel: Channel, input: { text: string; userId: string; botClientId?: string }) {
  const now = sandboxNow();
  const row = await insertMessage({
    channelId: channel.id,
    ts: nextTs(now),
    text: input.text,
    userId: input.userId,
    botId: input.botClientId ? slackBotId(input.botClientId) : null,
    createdAt: now,
  });
  await announceMessage(channel, row);
  return toSlackMessage(row, channel.workspace);
}

/** Delivers a `message` event to every app installed in the workspace that has an Events API URL. */
async function announceMessage(channel: Channel, message: Message): Promise<void> {
  for (const app of await installedSlackApps(channel.workspace)) {
    if (!app.eventsUrl || !app.signingSecret) continue;
    const timestamp = Math.floor(Date.now() / 1000);
    const payload = {
      token: "sandbox-verification-token",
      team_id: channel.workspace,
      api_app_id: slackBotId(app.clientId).replace(/^B/, "A"),
      event: {
        ...toSlackMessage(message, channel.workspace),
        channel: channel.id,
        event_ts: message.ts,
        channel_type: channel.isPrivate ? "group" : "channel",
      },
      type: "event_callback",
      event_id: `Ev${randomBytes(5).toString("hex").toUpperCase()}`,
      event_time: timestamp,
      authorizations: [{ enterprise_id: null, team_id: channel.workspace, user_id: slackBotId(app.clientId).replace(/^B/, "U"), is_bot: true }],
      is_ext_shared_channel: false,
    };
    const body = Buffer.from(JSON.stringify(payload));
    const headers = {
      "content-type": "application/json",
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      "x-slack-request-timestamp": String(timestamp),
      "x-slack-signature": signSlackRequest(app.signingSecret, body, timestamp),
    };
    dispatchDelivery({ provider: "slack", event: "message", target: `slack-app:${app.clientId}`, url: app.eventsUrl, headers, body });
  }
}
