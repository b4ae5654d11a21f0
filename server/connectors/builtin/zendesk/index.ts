import { z } from "zod";

import { addComment } from "@/server/connectors/builtin/zendesk/actions/add-comment";
import { createTicket } from "@/server/connectors/builtin/zendesk/actions/create-ticket";
import { createTrigger } from "@/server/connectors/builtin/zendesk/actions/create-trigger";
import { createWebhook } from "@/server/connectors/builtin/zendesk/actions/create-webhook";
import { deleteTrigger } from "@/server/connectors/builtin/zendesk/actions/delete-trigger";
import { deleteWebhook } from "@/server/connectors/builtin/zendesk/actions/delete-webhook";
import { findTicketByExternalId } from "@/server/connectors/builtin/zendesk/actions/find-ticket-by-external-id";
import { getTicket } from "@/server/connectors/builtin/zendesk/actions/get-ticket";
import { solveTicket } from "@/server/connectors/builtin/zendesk/actions/solve-ticket";
import { updateTicket } from "@/server/connectors/builtin/zendesk/actions/update-ticket";
import { basicAuthorization, type AccountLabelContext } from "@/server/connectors/framework/auth";
import { ticketsPoller } from "@/server/connectors/builtin/zendesk/pollers/tickets";
import { defineConnector } from "@/server/connectors/framework/define-connector";

async function zendeskEmail({ http }: AccountLabelContext): Promise<string> {
  const me = await http.get("/api/v2/users/me");
  return z.object({ user: z.object({ email: z.string() }) }).parse(me.body).user.email;
}

/** `acme` → `https://acme.zendesk.com`; a full URL (a host-mapped account, the sandbox) is kept as given. */
export function zendeskBaseUrl(subdomain: string): string | undefined {
  const value = subdomain.trim().replace(/\/+$/, "");
  if (/^[a-z0-9][a-z0-9-]*$/i.test(value)) return `https://${value.toLowerCase()}.zendesk.com`;
  return URL.canParse(value) && /^https?:$/.test(new URL(value).protocol) ? value : undefined;
}

/**
 * Zendesk Support, through an OAuth app or an agent's API token (`apiToken`). Every account lives
 * on its own subdomain, so there is no connector base URL: each connection carries `https://<subdomain>.zendesk.com` (the sandbox: `<public URL>/sandbox/zendesk`)
 * and its OAuth app's authorize/token URLs on the same host. Webhooks are created with actions,
 * not a lifecycle: Zendesk chooses the signing secret, so createWebhook hands it back to the flow.
 */
export const zendeskConnector = defineConnector({
  key: "zendesk",
  name: "Zendesk",
  description: "Tickets, comments, webhooks and triggers in Zendesk Support.",
  // The Support API's limit on its smallest plans; larger plans allow 400 to 2500 (set it per manifest connection).
  rateLimit: { requests: 200, per: "minute" },
  auth: [
    {
      kind: "oauth2",
      grant: "authorization_code",
      // Placeholders: the OAuth app names the customer's subdomain (`https://acme.zendesk.com/oauth/…`).
      authorizeUrl: "https://subdomain.zendesk.com/oauth/authorizations/new",
      tokenUrl: "https://subdomain.zendesk.com/oauth/tokens",
      scopes: ["read", "write"],
      accountLabel: zendeskEmail,
    },
    {
      kind: "credentials",
      id: "apiToken",
      label: "API token",
      description: "Admin Center → Apps and integrations → Zendesk API → Settings: enable token access and add an API token.",
      fields: [
        { key: "subdomain", label: "Subdomain", type: "string", placeholder: "acme (for acme.zendesk.com)", description: "Or the account's full URL." },
        { key: "email", label: "Agent email", type: "string", placeholder: "agent@acme.com" },
        { key: "token", label: "API token", type: "string", secret: true },
      ],
      validate: (values) => (zendeskBaseUrl(String(values.subdomain)) ? [] : [{ field: "subdomain", message: "must be a subdomain (acme) or an https URL" }]),
      // Zendesk's API token scheme: basic auth with `{email}/token` as the user name.
      authorize: (values) => ({ headers: { authorization: basicAuthorization(`${values.email}/token`, String(values.token)) } }),
      baseUrl: (values) => zendeskBaseUrl(String(values.subdomain)),
      accountLabel: zendeskEmail,
    },
  ],
  healthCheck: {
    description: "GET /api/v2/users/me: the agent the credentials belong to.",
    async run(ctx) {
      await ctx.http.get("/api/v2/users/me");
    },
  },
  actions: {
    createTicket,
    getTicket,
    updateTicket,
    findTicketByExternalId,
    addComment,
    solveTicket,
    createWebhook,
    deleteWebhook,
    createTrigger,
    deleteTrigger,
  },
  pollers: { tickets: ticketsPoller },
});
