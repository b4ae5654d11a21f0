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
import { ticketsPoller } from "@/server/connectors/builtin/zendesk/pollers/tickets";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * Zendesk Support. Every account lives on its own subdomain, so there is no connector base URL:
 * each connection carries `https://<subdomain>.zendesk.com` (the sandbox: `<public URL>/sandbox/zendesk`)
 * and its OAuth app's authorize/token URLs on the same host. Webhooks are created with actions,
 * not a lifecycle: Zendesk chooses the signing secret, so createWebhook hands it back to the flow.
 */
export const zendeskConnector = defineConnector({
  key: "zendesk",
  name: "Zendesk",
  description: "Tickets, comments, webhooks and triggers in Zendesk Support.",
  auth: {
    kind: "oauth2",
    grant: "authorization_code",
    // Placeholders: the OAuth app names the customer's subdomain (`https://acme.zendesk.com/oauth/…`).
    authorizeUrl: "https://subdomain.zendesk.com/oauth/authorizations/new",
    tokenUrl: "https://subdomain.zendesk.com/oauth/tokens",
    scopes: ["read", "write"],
    async accountLabel({ http }) {
      const me = await http.get("/api/v2/users/me");
      return z.object({ user: z.object({ email: z.string() }) }).parse(me.body).user.email;
    },
  },
  actions: { createTicket, getTicket, updateTicket, findTicketByExternalId, addComment, solveTicket, createWebhook, deleteWebhook, createTrigger, deleteTrigger },
  pollers: { tickets: ticketsPoller },
});
