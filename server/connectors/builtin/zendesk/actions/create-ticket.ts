import { z } from "zod";

import { prioritySchema, ticketEnvelopeSchema, ticketSchema, toTicket } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

export const createTicket = defineAction({
  description: "Creates a ticket; its first comment is the description. Set externalId to find it again (findTicketByExternalId).",
  readOnly: false,
  input: z.object({
    subject: z.string().min(1),
    body: z.string().min(1),
    public: z.boolean().default(true),
    externalId: z.string().min(1).optional(),
    priority: prioritySchema.optional(),
    tags: z.array(z.string()).optional(),
    requester: z.object({ name: z.string().min(1), email: z.email() }).optional(),
  }),
  output: ticketSchema,
  async run(ctx, input) {
    const response = await ctx.http.post("/api/v2/tickets", {
      ticket: {
        subject: input.subject,
        comment: { body: input.body, public: input.public },
        ...(input.externalId !== undefined ? { external_id: input.externalId } : {}),
        ...(input.priority !== undefined ? { priority: input.priority } : {}),
        ...(input.tags !== undefined ? { tags: input.tags } : {}),
        ...(input.requester !== undefined ? { requester: input.requester } : {}),
      },
    });
    return toTicket(ticketEnvelopeSchema.parse(response.body).ticket);
  },
});
