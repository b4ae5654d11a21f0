import { z } from "zod";

import { ticketEnvelopeSchema, ticketIdSchema, ticketSchema, toTicket } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const solveTicket = defineAction({
  description: "Marks a ticket solved, optionally with a closing comment.",
  readOnly: false,
  input: z.object({ ticketId: ticketIdSchema, comment: z.string().min(1).optional(), public: z.boolean().default(true) }),
  output: ticketSchema,
  async run(ctx, input) {
    const ticket = { status: "solved", ...(input.comment ? { comment: { body: input.comment, public: input.public } } : {}) };
    const response = await ctx.http.put(`/api/v2/tickets/${input.ticketId}`, { ticket });
    return toTicket(ticketEnvelopeSchema.parse(response.body).ticket);
  },
});
