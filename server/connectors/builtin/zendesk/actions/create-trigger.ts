import { z } from "zod";

import { zendeskValidationError } from "@/server/connectors/builtin/zendesk/zendesk.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

type Condition = { field: string; operator: string; value: string };

/** Common ticket events as trigger conditions, so flows need not know Zendesk's condition vocabulary. */
const EVENT_CONDITIONS: Record<string, { all: Condition[]; any: Condition[] }> = {
  ticket_created: { all: [{ field: "update_type", operator: "is", value: "Create" }], any: [] },
  comment_added_by_agent: {
    all: [
      { field: "update_type", operator: "is", value: "Change" },
      { field: "role", operator: "is", value: "agent" },
      // "not_relevant" is Zendesk's value for "a comment is present, public or private".
      { field: "comment_is_public", operator: "is", value: "not_relevant" },
    ],
    any: [],
  },
  public_comment_added_by_agent: {
    all: [
      { field: "update_type", operator: "is", value: "Change" },
      { field: "role", operator: "is", value: "agent" },
      { field: "comment_is_public", operator: "is", value: "true" },
    ],
    any: [],
  },
  ticket_solved: { all: [{ field: "status", operator: "value", value: "solved" }], any: [] },
};

/** The default body: the ticket, the comment that caused the change and who made it, as JSON. */
export const DEFAULT_TRIGGER_BODY = JSON.stringify({
  ticket: { id: "{{ticket.id}}", title: "{{ticket.title}}", status: "{{ticket.status}}", external_id: "{{ticket.external_id}}", url: "{{ticket.link}}" },
  comment: { body: "{{ticket.latest_comment}}" },
  current_user: { name: "{{current_user.name}}", email: "{{current_user.email}}" },
});

const conditionSchema = z.object({ field: z.string(), operator: z.string(), value: z.string() });

export const createTrigger = defineAction({
  description: `Creates a trigger that notifies a webhook on a ticket event (${Object.keys(EVENT_CONDITIONS).join(", ")}), or on your own conditions.`,
  readOnly: false,
  input: z
    .object({
      title: z.string().min(1),
      webhookId: z.string().min(1),
      event: z.enum(Object.keys(EVENT_CONDITIONS) as [string, ...string[]]).optional(),
      conditions: z.object({ all: z.array(conditionSchema).default([]), any: z.array(conditionSchema).default([]) }).optional(),
      /** Zendesk placeholders ({{ticket.id}}…) are filled in when the trigger fires. */
      body: z.string().default(DEFAULT_TRIGGER_BODY),
    })
    .refine((input) => (input.event === undefined) !== (input.conditions === undefined), "give either event or conditions"),
  output: z.object({ id: z.number(), title: z.string() }),
  async run(ctx, input) {
    const conditions = input.event ? EVENT_CONDITIONS[input.event] : input.conditions!;
    const trigger = { title: input.title, active: true, conditions, actions: [{ field: "notification_webhook", value: [input.webhookId, input.body] }] };
    const response = await ctx.http.post("/api/v2/triggers", { trigger }).catch((error: unknown) => {
      throw zendeskValidationError(error, "the trigger");
    });
    return z.object({ trigger: z.object({ id: z.number(), title: z.string() }) }).parse(response.body).trigger;
  },
});
