import { sandboxBaseUrl } from "@/server/sandbox/config";

/** Zendesk Support API shapes (the fields integrations read). */
type Account = { id: number; name: string; email: string; role: string; createdAt: Date };
type Ticket = {
  id: number;
  subject: string;
  description: string;
  status: string;
  priority: string | null;
  externalId: string | null;
  requesterId: number;
  assigneeId: number | null;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
};
type Comment = { id: number; authorId: number; body: string; public: boolean; createdAt: Date };
type Webhook = {
  id: string;
  name: string;
  endpoint: string;
  httpMethod: string;
  requestFormat: string;
  status: string;
  subscriptions: string[];
  createdAt: Date;
  updatedAt: Date;
};
type Trigger = { id: number; title: string; active: boolean; conditions: unknown; actions: unknown; createdAt: Date; updatedAt: Date };

const api = () => `${sandboxBaseUrl("zendesk")}/api/v2`;
export const zendeskTime = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

export function toZendeskUser(account: Account) {
  return {
    id: account.id,
    url: `${api()}/users/${account.id}.json`,
    name: account.name,
    email: account.email,
    role: account.role === "agent" ? "agent" : "end-user",
    active: true,
    verified: true,
    created_at: zendeskTime(account.createdAt),
  };
}

export function toZendeskTicket(ticket: Ticket) {
  return {
    id: ticket.id,
    url: `${api()}/tickets/${ticket.id}.json`,
    external_id: ticket.externalId,
    via: { channel: "api" },
    created_at: zendeskTime(ticket.createdAt),
    updated_at: zendeskTime(ticket.updatedAt),
    type: null,
    subject: ticket.subject,
    raw_subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    requester_id: ticket.requesterId,
    submitter_id: ticket.requesterId,
    assignee_id: ticket.assigneeId,
    tags: ticket.tags,
  };
}

export function toZendeskComment(comment: Comment) {
  return {
    id: comment.id,
    type: "Comment",
    author_id: comment.authorId,
    body: comment.body,
    plain_body: comment.body,
    public: comment.public,
    attachments: [],
    via: { channel: "api" },
    created_at: zendeskTime(comment.createdAt),
  };
}

export function toZendeskWebhook(webhook: Webhook) {
  return {
    id: webhook.id,
    name: webhook.name,
    status: webhook.status,
    subscriptions: webhook.subscriptions,
    endpoint: webhook.endpoint,
    http_method: webhook.httpMethod,
    request_format: webhook.requestFormat,
    created_at: zendeskTime(webhook.createdAt),
    updated_at: zendeskTime(webhook.updatedAt),
  };
}

export function toZendeskTrigger(trigger: Trigger) {
  return {
    id: trigger.id,
    url: `${api()}/triggers/${trigger.id}.json`,
    title: trigger.title,
    active: trigger.active,
    conditions: trigger.conditions,
    actions: trigger.actions,
    position: trigger.id,
    created_at: zendeskTime(trigger.createdAt),
    updated_at: zendeskTime(trigger.updatedAt),
  };
}
