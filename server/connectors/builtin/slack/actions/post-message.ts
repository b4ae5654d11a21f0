import { z } from "zod";

import { callSlack } from "@/server/connectors/builtin/slack/slack-call";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const postMessage = defineAction({
  description: "Posts a message to a channel (its id, or #name) as the app's bot; threadTs replies in a thread.",
  readOnly: false,
  input: z.object({ channel: z.string().min(1), text: z.string().min(1).max(40000), threadTs: z.string().optional() }),
  output: z.object({ channel: z.string(), ts: z.string() }),
  async run(ctx, input) {
    const body = await callSlack(ctx, "chat.postMessage", {
      channel: input.channel,
      text: input.text,
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    });
    return z.object({ channel: z.string(), ts: z.string() }).parse(body);
  },
});
