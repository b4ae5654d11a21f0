import { randomUUID } from "node:crypto";

import { z } from "zod";

import { sandboxBaseUrl } from "@/server/sandbox/config";
import { dispatchDelivery } from "@/server/sandbox/deliveries/deliver";
import { findWebhook, listTriggers } from "@/server/sandbox/zendesk/zendesk.repo";
import { zendeskTime } from "@/server/sandbox/zendesk/zendesk-shapes";
import { signZendeskPayload } from "@/server/verify/zendesk";

/**
 * The part of Zendesk's business rules an integration relies on: triggers whose conditions look at
 * one ticket change and whose `notification_webhook` action calls a webhook with a templated body.
 * Unsupported condition fields or actions are refused when the trigger is created, so a trigger
 * never silently does nothing.
 */
const SUPPORTED_FIELDS = ["update_type", "status", "priority", "comment_is_public", "role", "current_tags"] as const;

const conditionSchema = z.object({
  field: z.enum(SUPPORTED_FIELDS, { message: `supported condition fields are ${SUPPORTED_FIELDS.join(", ")}` }),
  operator: z.string().default("is"),
  value: z.union([z.string(), z.boolean(), z.number()]).transform(String).optional(),
});

export const triggerInputSchema = z.object({
  title: z.string().min(1, "Title: cannot be blank"),
  active: z.boolean().default(true),
  conditions: z.object({ all: z.array(conditionSchema).default([]), any: z.array(conditionSchema).default([]) }),
  actions: z
    .array(
      z.object({
        field: z.literal("notification_webhook", { message: "the only supported action is notification_webhook" }),
        value: z.tuple([z.string(), z.string()]),
      }),
    )
    .min(1, "Actions: cannot be blank"),
});

type Condition = z.output<typeof conditionSchema>;

/** What changed in one ticket update, as trigger conditions see it. */
export interface TicketChange {
  created: boolean;
  ticket: { id: number; subject: string; description: string; status: string; priority: string | null; externalId: string | null; tags: string[] };
  previous?: { status: string };
  comment?: { body: string; public: boolean };
  actor: { id: number; name: string; email: string; role: string };
  requester: { id: number; name: string; email: string };
  latestPublicComment?: string;
}

function matches(condition: Condition, change: TicketChange): boolean {
  const { operator, value = "" } = condition;
  const is = (actual: string | null | undefined) => (operator === "is_not" ? actual !== value : actual === value);
  switch (condition.field) {
    case "update_type":
      return is(change.created ? "Create" : "Change");
    case "priority":
      return is(change.ticket.priority ?? "");
    case "role":
      return is(change.actor.role === "agent" ? "agent" : "end_user");
    case "current_tags": {
      const wanted = value.split(/\s+/).filter(Boolean);
      const has = wanted.some((tag) => change.ticket.tags.includes(tag));
      return operator === "not_includes" ? !has : has;
    }
    case "comment_is_public":
      // Zendesk's values: true (public), false (private), not_relevant ("present, public or private").
      if (change.comment === undefined) return operator === "is_not";
      return is(value === "not_relevant" ? value : String(change.comment.public));
    case "status": {
      const before = change.previous?.status;
      const changed = change.created || before !== change.ticket.status;
      if (operator === "changed") return changed;
      if (operator === "not_changed") return !changed;
      if (operator === "value") return changed && change.ticket.status === value;
      if (operator === "value_previous") return changed && before === value;
      return is(change.ticket.status);
    }
  }
}

/** Zendesk placeholders (Liquid `{{ … }}`); in a JSON body the values are JSON-escaped so the body stays valid. */
function render(template: string, change: TicketChange, json: boolean): string {
  const base = sandboxBaseUrl("zendesk");
  const values: Record<string, string> = {
    "ticket.id": String(change.ticket.id),
    "ticket.title": change.ticket.subject,
    "ticket.description": change.ticket.description,
    "ticket.status": change.ticket.status,
    "ticket.priority": change.ticket.priority ?? "",
    "ticket.external_id": change.ticket.externalId ?? "",
    "ticket.tags": change.ticket.tags.join(" "),
    "ticket.url": `${base.replace(/^https?:\/\//, "")}/tickets/${change.ticket.id}`,
    "ticket.link": `${base}/tickets/${change.ticket.id}`,
    "ticket.latest_comment": change.comment?.body ?? "",
    "ticket.latest_public_comment": change.latestPublicComment ?? "",
    "ticket.requester.id": String(change.requester.id),
    "ticket.requester.name": change.requester.name,
    "ticket.requester.email": change.requester.email,
    "current_user.id": String(change.actor.id),
    "current_user.name": change.actor.name,
    "current_user.email": change.actor.email,
  };
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
    const value = values[name] ?? "";
    return json ? JSON.stringify(value).slice(1, -1) : value;
  });
}

/** Runs the workspace's active triggers against one change and calls the webhooks they name. */
export async function runTriggers(workspace: string, change: TicketChange): Promise<void> {
  for (const trigger of await listTriggers(workspace)) {
    const parsed = triggerInputSchema.safeParse({ title: trigger.title, conditions: trigger.conditions, actions: trigger.actions });
    if (!trigger.active || !parsed.success) continue;
    const { all, any } = parsed.data.conditions;
    if (!all.every((c) => matches(c, change)) || (any.length > 0 && !any.some((c) => matches(c, change)))) continue;
    for (const action of parsed.data.actions) await notifyWebhook(workspace, action.value[0], action.value[1], change, trigger.id);
  }
}

async function notifyWebhook(workspace: string, webhookId: string, template: string, change: TicketChange, triggerId: number): Promise<void> {
  const webhook = await findWebhook(workspace, webhookId);
  if (webhook?.status !== "active") return;
  const json = webhook.requestFormat === "json";
  const body = Buffer.from(render(template, change, json));
  // Zendesk signs `<timestamp><body>`, the timestamp being the header's text as sent.
  const timestamp = zendeskTime(new Date());
  const headers: Record<string, string> = {
    "content-type": json ? "application/json" : webhook.requestFormat === "xml" ? "application/xml" : "application/x-www-form-urlencoded",
    "user-agent": "Zendesk Webhook",
    "x-zendesk-account-id": workspace,
    "x-zendesk-webhook-id": webhook.id,
    "x-zendesk-webhook-invocation-id": randomUUID(),
    "x-zendesk-webhook-signature-timestamp": timestamp,
    "x-zendesk-webhook-signature": signZendeskPayload(webhook.signingSecret, body, timestamp),
  };
  dispatchDelivery({
    provider: "zendesk",
    event: `trigger:${triggerId}`,
    target: `zendesk-webhook:${webhook.id}`,
    url: webhook.endpoint,
    method: webhook.httpMethod,
    headers,
    body,
  });
}
