import { z } from "zod";

import { callSlack } from "@/server/connectors/builtin/slack/slack-call";
import { defineDataSource } from "@/server/connectors/framework/define-connector";

const pageSchema = z.object({
  channels: z.array(z.object({ id: z.string(), name: z.string(), is_private: z.boolean().optional(), is_archived: z.boolean().optional() })),
  response_metadata: z.object({ next_cursor: z.string() }).optional(),
});

/** With a search term, pages without a match are skipped, but only this many per request (rate limits). */
const MAX_PAGES_PER_SEARCH = 10;

/** Channels for the wizard's select, valued by channel id (names can change, ids cannot). */
export const channels = defineDataSource({
  description: "Public channels of the connected workspace.",
  async run(ctx, { search, cursor }) {
    const needle = search?.trim().replace(/^#/, "").toLowerCase() ?? "";
    let next = cursor ?? "";
    const options: Array<{ value: string; label: string }> = [];
    for (let read = 0; read < (needle ? MAX_PAGES_PER_SEARCH : 1); read++) {
      const page = pageSchema.parse(
        await callSlack(
          ctx,
          "conversations.list",
          { limit: 200, exclude_archived: true, types: "public_channel", ...(next ? { cursor: next } : {}) },
          { read: true },
        ),
      );
      for (const channel of page.channels) {
        if (!needle || channel.name.toLowerCase().includes(needle)) options.push({ value: channel.id, label: `#${channel.name}` });
      }
      next = page.response_metadata?.next_cursor ?? "";
      if (!next || options.length > 0) break;
    }
    return { options, ...(next ? { nextCursor: next } : {}) };
  },
});
