import { z } from "zod";

import { ticketEnvelopeSchema, ticketIdSchema, ticketSchema, toTicket } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const addComment = defineAction({
  description: "Adds a public reply or a private (internal) note to a ticket.",
  readOnly: false,
  input: z.object({ ticketId: ticketIdSchema, body: z.string().min(1), visibility: z.enum(["public", "private"]).default("public") }),
  output: z.object({ ticket: ticketSchema, public: z.boolean() }),
  async run(ctx, input) {
    // Zendesk has no "create comment" endpoint: a comment is part of a ticket update.
    const isPublic = input.visibility === "public";
    const response = await ctx.http.put(`/api/v2/tickets/${input.ticketId}`, { ticket: { comment: { body: input.body, public: isPublic } } });
    return { ticket: toTicket(ticketEnvelopeSchema.parse(response.body).ticket), public: isPublic };
  },
});
