import { z } from "zod";

import { ticketSchema, toTicket, zendeskTicketSchema } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const findTicketByExternalId = defineAction({
  description: "Finds the ticket with an external id (e.g. github:42); { found: false } when there is none.",
  readOnly: true,
  input: z.object({ externalId: z.string().min(1) }),
  output: z.union([z.object({ found: z.literal(true), ticket: ticketSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    // The list endpoint filters exactly and is current at once; search is fuzzy and indexed with a delay.
    const response = await ctx.http.get("/api/v2/tickets", { query: { external_id: input.externalId } });
    const tickets = z.object({ tickets: z.array(zendeskTicketSchema) }).parse(response.body).tickets;
    // Zendesk does not enforce unique external ids; the oldest ticket is the one the integration made first.
    const first = tickets.sort((a, b) => a.id - b.id)[0];
    return first ? { found: true as const, ticket: toTicket(first) } : { found: false as const };
  },
});
