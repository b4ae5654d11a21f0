import { z } from "zod";

import { ticketEnvelopeSchema, ticketIdSchema, ticketSchema, toTicket } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";
import { isHttpError } from "@/server/connectors/http/http-errors";

export const getTicket = defineAction({
  description: "Fetches a ticket; answers { found: false } when it does not exist.",
  readOnly: true,
  input: z.object({ ticketId: ticketIdSchema }),
  output: z.union([z.object({ found: z.literal(true), ticket: ticketSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    try {
      const response = await ctx.http.get(`/api/v2/tickets/${input.ticketId}`);
      return { found: true as const, ticket: toTicket(ticketEnvelopeSchema.parse(response.body).ticket) };
    } catch (error) {
      if (isHttpError(error) && error.status === 404) return { found: false as const };
      throw error;
    }
  },
});
