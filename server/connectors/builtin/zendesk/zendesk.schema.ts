import { z } from "zod";

import { isHttpError } from "@/server/connectors/http/http-errors";
import { NonRetryableError } from "@/server/engine/errors";

/** Zendesk Support shapes (only the fields we read) and the camelCase shapes flows see. */
export const zendeskTicketSchema = z.object({
  id: z.number(),
  url: z.string(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string(),
  priority: z.string().nullable(),
  external_id: z.string().nullable(),
  requester_id: z.number().nullable(),
  assignee_id: z.number().nullable(),
  tags: z.array(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});

export const ticketSchema = z.object({
  id: z.number(),
  subject: z.string().nullable(),
  description: z.string().nullable(),
  status: z.string(),
  priority: z.string().nullable(),
  externalId: z.string().nullable(),
  requesterId: z.number().nullable(),
  assigneeId: z.number().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export function toTicket(ticket: z.infer<typeof zendeskTicketSchema>): z.infer<typeof ticketSchema> {
  return {
    id: ticket.id,
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: ticket.priority,
    externalId: ticket.external_id,
    requesterId: ticket.requester_id,
    assigneeId: ticket.assignee_id,
    tags: ticket.tags,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
  };
}

export const ticketEnvelopeSchema = z.object({ ticket: zendeskTicketSchema });

export const ticketIdSchema = z.coerce.number().int().positive();
export const prioritySchema = z.enum(["urgent", "high", "normal", "low"]);

const validationBodySchema = z.object({ details: z.record(z.string(), z.array(z.object({ description: z.string() }))) });

/**
 * Zendesk's 422 says only "RecordInvalid"; what was invalid sits in `details`. Rethrows such an
 * error with those descriptions so the step's error names the problem; other errors pass through.
 */
export function zendeskValidationError(error: unknown, what: string): unknown {
  if (!isHttpError(error) || error.status !== 422) return error;
  const parsed = validationBodySchema.safeParse(error.responseBody);
  if (!parsed.success) return error;
  const reasons = Object.values(parsed.data.details)
    .flat()
    .map((d) => d.description);
  return Object.assign(new NonRetryableError(`Zendesk refused ${what}: ${reasons.join("; ")}`), { status: 422, responseBody: error.responseBody });
}
