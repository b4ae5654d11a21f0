import { z } from "zod";

import { toTicket, zendeskTicketSchema } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { definePoller } from "@/server/connectors/framework/define-connector";

const exportPageSchema = z.object({
  tickets: z.array(zendeskTicketSchema),
  after_cursor: z.string().nullable(),
  end_of_stream: z.boolean(),
});

/**
 * Zendesk's cursor-based incremental ticket export (`/api/v2/incremental/tickets/cursor.json`):
 * the first poll starts at `start_time` (when polling began), every later one at the saved
 * `after_cursor`; pages follow `after_cursor` until `end_of_stream`. The cursor is exclusive, so
 * nothing is returned twice; a ticket changed again comes back with a new `updated_at`, which is
 * part of its id so each change starts its own execution (`on: created` keeps only new tickets).
 */
export const ticketsPoller = definePoller({
  description: "Starts a flow for each ticket created (or, with `on: updated`, each ticket change) in Zendesk Support.",
  params: z.object({
    on: z.enum(["created", "updated"]).default("updated"),
    /** Tickets per page (Zendesk allows up to 1000). */
    perPage: z.number().int().min(1).max(1000).default(100),
  }),
  async poll(ctx, { params, cursor, page, startAt }) {
    const position = page ?? cursor;
    const query = position ? { cursor: position, per_page: params.perPage } : { start_time: Math.floor(startAt.getTime() / 1000), per_page: params.perPage };
    const response = await ctx.http.get("/api/v2/incremental/tickets/cursor.json", { query });
    const body = exportPageSchema.parse(response.body);
    const items = body.tickets
      // New means created since polling began (Zendesk's times have whole seconds); a ticket seen again
      // after an update keeps its id, and an id starts one execution ever.
      .filter((ticket) => params.on === "updated" || Date.parse(ticket.created_at) >= Math.floor(startAt.getTime() / 1000) * 1000)
      .map((ticket) => ({ id: params.on === "updated" ? `${ticket.id}@${ticket.updated_at}` : String(ticket.id), data: toTicket(ticket) }));
    const next = body.end_of_stream || !body.after_cursor ? undefined : body.after_cursor;
    return { items, cursor: body.after_cursor ?? position ?? null, ...(next ? { nextPage: next } : {}) };
  },
});
