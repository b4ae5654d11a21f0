import { z } from "zod";

import { prioritySchema, ticketEnvelopeSchema, ticketIdSchema, ticketSchema, toTicket } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const updateTicket = defineAction({
  description: "Changes a ticket's fields; only the fields given are sent.",
  // Overwrites the fields it is given.
  readOnly: false,
  destructive: true,
  input: z.object({
    ticketId: ticketIdSchema,
    subject: z.string().min(1).optional(),
    status: z.enum(["new", "open", "pending", "hold", "solved", "closed"]).optional(),
    priority: prioritySchema.nullable().optional(),
    externalId: z.string().nullable().optional(),
    tags: z.array(z.string()).optional(),
  }),
  output: ticketSchema,
  async run(ctx, input) {
    const { ticketId, externalId, ...fields } = input;
    const ticket = { ...fields, ...(externalId !== undefined ? { external_id: externalId } : {}) };
    const response = await ctx.http.put(`/api/v2/tickets/${ticketId}`, { ticket });
    return toTicket(ticketEnvelopeSchema.parse(response.body).ticket);
  },
});
