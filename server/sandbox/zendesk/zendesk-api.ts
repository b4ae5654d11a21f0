import { randomBytes } from "node:crypto";

import { z } from "zod";

import type { Prisma } from "@/server/db/client";
import { findSandboxAccount } from "@/server/sandbox/accounts.repo";
import { type ApiRoute, bearerToken, jsonResponse, matchRoute, pageParams, readJson } from "@/server/sandbox/http";
import { authenticateAccessToken } from "@/server/sandbox/oauth/oauth.service";
import { authenticateZendeskApiToken } from "@/server/sandbox/oauth/personal-tokens";
import * as repo from "@/server/sandbox/zendesk/zendesk.repo";
import { createTicket, TICKET_STATUSES, updateTicket } from "@/server/sandbox/zendesk/zendesk.service";
import { zendeskExportRoute } from "@/server/sandbox/zendesk/zendesk-export";
import { toZendeskComment, toZendeskTicket, toZendeskTrigger, toZendeskUser, toZendeskWebhook } from "@/server/sandbox/zendesk/zendesk-shapes";
import { triggerInputSchema } from "@/server/sandbox/zendesk/zendesk-triggers";

/** The simulated Zendesk Support API (`https://<subdomain>.zendesk.com/api/v2`), scoped to the token's subdomain. */
type Account = NonNullable<Awaited<ReturnType<typeof findSandboxAccount>>>;
export interface ZendeskCtx {
  request: Request;
  url: URL;
  actor: Account;
  workspace: string;
}

export const notFound = () => jsonResponse(404, { error: "RecordNotFound", description: "Not found" });
export const invalid = (description: string) =>
  jsonResponse(422, { error: "RecordInvalid", description: "Record validation errors", details: { base: [{ description }] } });

async function body<T extends z.ZodType>(ctx: ZendeskCtx, schema: T): Promise<{ data: z.output<T> } | { response: Response }> {
  const raw = await readJson(ctx.request);
  if (raw === null) return { response: jsonResponse(400, { error: "Unprocessable Entity", description: "The request body is not valid JSON" }) };
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) return { response: invalid(parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; ")) };
  return { data: parsed.data };
}

const ticketFields = {
  subject: z.string().optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  priority: z.enum(["urgent", "high", "normal", "low"]).nullable().optional(),
  external_id: z.string().nullable().optional(),
  tags: z.array(z.string()).optional(),
  comment: z.object({ body: z.string().min(1, "cannot be blank"), public: z.boolean().default(true) }).optional(),
};
const createTicketSchema = z.object({
  ticket: z.object({
    ...ticketFields,
    description: z.string().optional(),
    requester_id: z.number().int().optional(),
    requester: z.object({ name: z.string(), email: z.string() }).optional(),
  }),
});
const updateTicketSchema = z.object({ ticket: z.object(ticketFields) });
const webhookSchema = z.object({
  webhook: z.object({
    name: z.string().min(1),
    endpoint: z.string().refine((value) => URL.canParse(value), "must be an absolute URL"),
    http_method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]).default("POST"),
    request_format: z.enum(["json", "xml", "form_encoded"]).default("json"),
    status: z.enum(["active", "inactive"]).default("active"),
    subscriptions: z.array(z.string()).default(["conditional_ticket_events"]),
  }),
});

const ticketId = (params: Record<string, string>) => (/^\d+$/.test(params.id) ? Number(params.id) : -1);

function listPage(ctx: ZendeskCtx, key: string, items: unknown[], page: { page: number; perPage: number }, total: number) {
  const at = (n: number) => {
    const next = new URL(ctx.url);
    next.searchParams.set("page", String(n));
    return next.href;
  };
  return jsonResponse(200, {
    [key]: items,
    next_page: page.page * page.perPage < total ? at(page.page + 1) : null,
    previous_page: page.page > 1 ? at(page.page - 1) : null,
    count: total,
  });
}

/** `external_id:…`, `status:…` and `type:ticket` terms; any other words search subject and description. */
function parseSearch(query: string): { externalId?: string; status?: string; text?: string } {
  const filter: { externalId?: string; status?: string; text?: string } = {};
  const words: string[] = [];
  for (const term of query.match(/\S+:"[^"]*"|\S+/g) ?? []) {
    const [key, ...rest] = term.split(":");
    const value = rest.join(":").replace(/^"|"$/g, "");
    if (key === "external_id" && rest.length > 0) filter.externalId = value;
    else if (key === "status" && rest.length > 0) filter.status = value;
    else if (!(key === "type" && value === "ticket")) words.push(term);
  }
  if (words.length > 0) filter.text = words.join(" ");
  return filter;
}

const routes: Array<ApiRoute<ZendeskCtx>> = [
  { method: "GET", pattern: "/users/me", handle: async (ctx) => jsonResponse(200, { user: toZendeskUser(ctx.actor) }) },
  {
    method: "GET",
    pattern: "/tickets",
    async handle(ctx) {
      const page = pageParams(ctx.url, { perPage: 100, max: 100 });
      const externalId = ctx.url.searchParams.get("external_id") ?? undefined;
      const { rows, total } = await repo.listTickets(ctx.workspace, { externalId }, { skip: (page.page - 1) * page.perPage, take: page.perPage });
      return listPage(ctx, "tickets", rows.map(toZendeskTicket), page, total);
    },
  },
  {
    method: "GET",
    pattern: "/search",
    async handle(ctx) {
      const page = pageParams(ctx.url, { perPage: 100, max: 100 });
      const { rows, total } = await repo.listTickets(ctx.workspace, parseSearch(ctx.url.searchParams.get("query") ?? ""), {
        skip: (page.page - 1) * page.perPage,
        take: page.perPage,
      });
      return listPage(
        ctx,
        "results",
        rows.map((t) => ({ ...toZendeskTicket(t), result_type: "ticket" })),
        page,
        total,
      );
    },
  },
  {
    method: "POST",
    pattern: "/tickets",
    async handle(ctx) {
      const parsed = await body(ctx, createTicketSchema);
      if ("response" in parsed) return parsed.response;
      const t = parsed.data.ticket;
      const comment = t.comment ?? (t.description ? { body: t.description, public: true } : undefined);
      if (!comment) return invalid("Description: cannot be blank");
      if (!t.subject) return invalid("Subject: cannot be blank");
      const ticket = await createTicket(ctx.workspace, ctx.actor, {
        subject: t.subject,
        comment,
        status: t.status,
        priority: t.priority,
        externalId: t.external_id,
        tags: t.tags,
        requester: t.requester,
        requesterId: t.requester_id,
      });
      return jsonResponse(201, { ticket }, { location: ticket.url });
    },
  },
  {
    method: "GET",
    pattern: "/tickets/:id",
    async handle(ctx, params) {
      const ticket = await repo.findTicket(ctx.workspace, ticketId(params));
      return ticket ? jsonResponse(200, { ticket: toZendeskTicket(ticket) }) : notFound();
    },
  },
  {
    method: "PUT",
    pattern: "/tickets/:id",
    async handle(ctx, params) {
      const ticket = await repo.findTicket(ctx.workspace, ticketId(params));
      if (!ticket) return notFound();
      const parsed = await body(ctx, updateTicketSchema);
      if ("response" in parsed) return parsed.response;
      const { external_id: externalId, ...rest } = parsed.data.ticket;
      if (ticket.status === "closed") return invalid("Status: closed prevents ticket update");
      return jsonResponse(200, await updateTicket(ctx.workspace, ticket, ctx.actor, { ...rest, externalId }));
    },
  },
  {
    method: "GET",
    pattern: "/tickets/:id/comments",
    async handle(ctx, params) {
      const ticket = await repo.findTicket(ctx.workspace, ticketId(params));
      if (!ticket) return notFound();
      const comments = (await repo.listTicketComments(ticket.id)).map(toZendeskComment);
      return jsonResponse(200, { comments, next_page: null, previous_page: null, count: comments.length });
    },
  },
  zendeskExportRoute,
  {
    method: "GET",
    pattern: "/webhooks",
    handle: async (ctx) =>
      jsonResponse(200, {
        webhooks: (await repo.listWebhooks(ctx.workspace)).map(toZendeskWebhook),
        meta: { has_more: false, after_cursor: null, before_cursor: null },
        links: { next: null, prev: null },
      }),
  },
  {
    method: "POST",
    pattern: "/webhooks",
    async handle(ctx) {
      const parsed = await body(ctx, webhookSchema);
      if ("response" in parsed) return parsed.response;
      const w = parsed.data.webhook;
      // Zendesk ids are ULIDs ("01G…"); the signing secret is Zendesk's to choose, read back via signing_secret.
      const id = `01${randomBytes(15).toString("hex").toUpperCase().slice(0, 24)}`;
      const row = await repo.insertWebhook({
        id,
        workspace: ctx.workspace,
        name: w.name,
        endpoint: w.endpoint,
        httpMethod: w.http_method,
        requestFormat: w.request_format,
        status: w.status,
        subscriptions: w.subscriptions,
        signingSecret: randomBytes(32).toString("base64"),
      });
      return jsonResponse(201, { webhook: toZendeskWebhook(row) });
    },
  },
  {
    method: "GET",
    pattern: "/webhooks/:id",
    async handle(ctx, params) {
      const row = await repo.findWebhook(ctx.workspace, params.id);
      return row ? jsonResponse(200, { webhook: toZendeskWebhook(row) }) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/webhooks/:id/signing_secret",
    async handle(ctx, params) {
      const row = await repo.findWebhook(ctx.workspace, params.id);
      return row ? jsonResponse(200, { signing_secret: { algorithm: "SHA256", secret: row.signingSecret } }) : notFound();
    },
  },
  {
    method: "DELETE",
    pattern: "/webhooks/:id",
    handle: async (ctx, params) => ((await repo.deleteWebhookRow(ctx.workspace, params.id)) ? jsonResponse(204, null) : notFound()),
  },
  {
    method: "GET",
    pattern: "/triggers",
    handle: async (ctx) =>
      jsonResponse(200, { triggers: (await repo.listTriggers(ctx.workspace)).map(toZendeskTrigger), next_page: null, previous_page: null }),
  },
  {
    method: "POST",
    pattern: "/triggers",
    async handle(ctx) {
      const parsed = await body(ctx, z.object({ trigger: triggerInputSchema }));
      if ("response" in parsed) return parsed.response;
      const t = parsed.data.trigger;
      for (const action of t.actions)
        if (!(await repo.findWebhook(ctx.workspace, action.value[0]))) return invalid(`Actions: webhook ${action.value[0]} does not exist`);
      const row = await repo.insertTrigger({
        workspace: ctx.workspace,
        title: t.title,
        active: t.active,
        conditions: t.conditions as Prisma.InputJsonValue,
        actions: t.actions as Prisma.InputJsonValue,
      });
      return jsonResponse(201, { trigger: toZendeskTrigger(row) });
    },
  },
  {
    method: "DELETE",
    pattern: "/triggers/:id",
    handle: async (ctx, params) => ((await repo.deleteTriggerRow(ctx.workspace, ticketId(params))) ? jsonResponse(204, null) : notFound()),
  },
];

/** Answers `/sandbox/zendesk/api/v2/<path>`; a trailing `.json`, which Zendesk accepts, is ignored. */
export async function handleZendeskApi(request: Request, path: string): Promise<Response> {
  const match = matchRoute(routes, request.method, path.replace(/\.json$/, ""));
  if (match === undefined || match === "methodNotAllowed") return jsonResponse(404, { error: "InvalidEndpoint", description: "Not found" });
  // API tokens come as basic auth (`{email}/token:{token}`), OAuth tokens as bearer tokens.
  const basic = /^basic\s/i.test(request.headers.get("authorization") ?? "");
  const auth = basic ? await authenticateZendeskApiToken(request.headers.get("authorization")) : await authenticateAccessToken("zendesk", bearerToken(request));
  if (!auth.ok) {
    if (basic) return jsonResponse(401, { error: "Couldn't authenticate you" });
    return auth.reason === "missing"
      ? jsonResponse(401, { error: "Couldn't authenticate you" })
      : jsonResponse(401, {
          error: "invalid_token",
          error_description: "The access token provided is expired, revoked, malformed or invalid for other reasons.",
        });
  }
  const actor = await findSandboxAccount(auth.accountId);
  if (!actor?.workspace) return jsonResponse(401, { error: "Couldn't authenticate you" });
  return match.route.handle({ request, url: new URL(request.url), actor, workspace: actor.workspace }, match.params);
}
