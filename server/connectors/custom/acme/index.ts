import { z } from "zod";

import { createAccount, findAccountByExternalId, updateAccount } from "@/server/connectors/custom/acme/actions/accounts";
import { createWidget } from "@/server/connectors/custom/acme/actions/create-widget";
import { getMe } from "@/server/connectors/custom/acme/actions/get-me";
import { getWidget } from "@/server/connectors/custom/acme/actions/get-widget";
import { createOpportunity, findOpportunityByExternalId, updateOpportunity } from "@/server/connectors/custom/acme/actions/opportunities";
import { createWebhook, deleteWebhook, listWebhooks } from "@/server/connectors/custom/acme/actions/webhooks";
import { listProjects } from "@/server/connectors/custom/acme/data-sources/list-projects";
import { acmeWebhooks } from "@/server/connectors/custom/acme/webhooks";
import type { AccountLabelContext } from "@/server/connectors/framework/auth";
import { defineConnector } from "@/server/connectors/framework/define-connector";

async function acmeEmail({ http }: AccountLabelContext): Promise<string> {
  const me = await http.get("/me");
  return z.object({ email: z.string() }).parse(me.body).email;
}

/**
 * Example vendor connector for the made-up Acme REST API (https://api.acme.example/v1): the
 * vendor's own product. Customers sign in with Acme (OAuth) or paste an API key; an organization's
 * OAuth app for Acme may point elsewhere (the sandbox: `<public URL>/sandbox/acme/oauth/…` and
 * `<public URL>/sandbox/acme/api/v1`), and typed-in keys then use that API URL too. Copy this
 * folder to start a new one; `npm run connectors:generate` adds it to the registry.
 */
export default defineConnector({
  key: "acme",
  name: "Acme",
  description: "Accounts, opportunities, projects and widgets in Acme, and its webhooks.",
  icon: "/connectors/acme.svg",
  auth: [
    {
      kind: "oauth2",
      grant: "authorization_code",
      authorizeUrl: "https://app.acme.example/oauth/authorize",
      tokenUrl: "https://app.acme.example/oauth/token",
      scopes: ["accounts", "opportunities", "webhooks"],
      accountLabel: acmeEmail,
    },
    {
      kind: "apiKey",
      in: "header",
      header: "X-Acme-Key",
      label: "Acme API key (Settings → API)",
      accountLabel: acmeEmail,
    },
  ],
  baseUrl: "https://api.acme.example/v1",
  actions: {
    getMe,
    findAccountByExternalId,
    createAccount,
    updateAccount,
    findOpportunityByExternalId,
    createOpportunity,
    updateOpportunity,
    createWebhook,
    listWebhooks,
    deleteWebhook,
    createWidget,
    getWidget,
  },
  dataSources: { listProjects },
  webhooks: acmeWebhooks,
});
