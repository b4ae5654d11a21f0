import { z } from "zod";

import { createWidget } from "@/server/connectors/custom/acme/actions/create-widget";
import { getWidget } from "@/server/connectors/custom/acme/actions/get-widget";
import { listProjects } from "@/server/connectors/custom/acme/data-sources/list-projects";
import { acmeWebhooks } from "@/server/connectors/custom/acme/webhooks";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * Example vendor connector for the made-up Acme REST API (https://api.acme.example/v1). Copy this
 * folder to start a new one; `npm run connectors:generate` adds it to the registry.
 */
export default defineConnector({
  key: "acme",
  name: "Acme",
  description: "Widgets and projects in Acme.",
  icon: "/connectors/acme.svg",
  auth: {
    kind: "apiKey",
    in: "header",
    header: "X-Acme-Key",
    label: "Acme API key (Settings → API)",
    async accountLabel({ http }) {
      const me = await http.get("/me");
      return z.object({ email: z.string() }).parse(me.body).email;
    },
  },
  baseUrl: "https://api.acme.example/v1",
  actions: { createWidget, getWidget },
  dataSources: { listProjects },
  webhooks: acmeWebhooks,
});
