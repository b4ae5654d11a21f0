import { requestAction } from "@/server/connectors/builtin/http/actions/request";
import { changesPoller } from "@/server/connectors/builtin/http/pollers/changes";
import { defineConnector } from "@/server/connectors/framework/define-connector";

/**
 * The generic HTTP connector: any API the catalogue lacks. Each connection picks its own auth kind
 * (and, for API keys, where the key goes) and may set a base URL for `path` requests.
 */
export const httpConnector = defineConnector({
  key: "http",
  name: "HTTP",
  description: "Call any HTTP API, with credentials from a connection.",
  auth: { kind: "perConnection" },
  actions: { request: requestAction },
  pollers: { changes: changesPoller },
});
