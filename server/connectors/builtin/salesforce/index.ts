import { z } from "zod";

import { createRecord } from "@/server/connectors/builtin/salesforce/actions/create-record";
import { getIdentity } from "@/server/connectors/builtin/salesforce/actions/get-identity";
import { getRecord } from "@/server/connectors/builtin/salesforce/actions/get-record";
import { createOutboundMessage, deleteOutboundMessage, listOutboundMessages } from "@/server/connectors/builtin/salesforce/actions/outbound-messages";
import { query } from "@/server/connectors/builtin/salesforce/actions/query";
import { updateRecord } from "@/server/connectors/builtin/salesforce/actions/update-record";
import { listObjects } from "@/server/connectors/builtin/salesforce/data-sources/list-objects";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * Salesforce through a connected app (OAuth 2.0 web server flow). Each org lives on its own
 * instance: the token answer's `instance_url` becomes the connection's API base URL. The URLs
 * are Salesforce's login host; an organization's OAuth app may point elsewhere (a My Domain, a
 * sandbox org's test.salesforce.com, the sandbox: `<public URL>/sandbox/salesforce/services/oauth2/…`).
 * Outbound messages the connector creates are verified with the `salesforce-outbound` preset.
 */
export const salesforceConnector = defineConnector({
  key: "salesforce",
  name: "Salesforce",
  description: "Records of any object (create, read, update, SOQL) and outbound messages.",
  auth: {
    kind: "oauth2",
    grant: "authorization_code",
    authorizeUrl: "https://login.salesforce.com/services/oauth2/authorize",
    tokenUrl: "https://login.salesforce.com/services/oauth2/token",
    // api: the REST and Tooling APIs; refresh_token: stay connected.
    scopes: ["api", "refresh_token"],
    apiBaseFromToken: true,
    // Salesforce's token answer has no expires_in; sessions last what the org set, 15 minutes at the least.
    assumedTokenLifetimeSeconds: 15 * 60,
    async accountLabel({ http }) {
      const me = await http.get("/services/oauth2/userinfo");
      return z.object({ preferred_username: z.string() }).parse(me.body).preferred_username;
    },
  },
  baseUrl: "https://login.salesforce.com",
  actions: { createRecord, getRecord, updateRecord, query, getIdentity, createOutboundMessage, listOutboundMessages, deleteOutboundMessage },
  dataSources: { listObjects },
});
