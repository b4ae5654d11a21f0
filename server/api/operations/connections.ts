import { z } from "zod";
import { connectorRegistry } from "@/server/connectors/registry";
import { connectionsOf, disconnectConnection } from "@/server/modules/connections/connections.service";
import { connectWithCredentials } from "@/server/modules/connections/credential-connect.service";
import { credentialConnectSettings } from "@/server/modules/connections/oauth-settings";
import { requireCustomer } from "@/server/modules/customers/customers.service";
import { idParams } from "../schemas/common.schema";
import { connectionParams, connectionSchema, connectorSchema, createConnectionSchema, toConnection, toConnector } from "../schemas/connections.schema";
import { defineOperation } from "../operation";

const tag = "Connections";

export const connectionOperations = {
  connectors: defineOperation({
    id: "listConnectors",
    method: "GET",
    path: "/api/v1/connectors",
    tag,
    summary: "List the connectors of this deployment with their auth methods and credential fields",
    response: z.object({ data: z.array(connectorSchema) }),
    run: async () => ({ data: connectorRegistry.list().map(toConnector) }),
  }),

  list: defineOperation({
    id: "listConnections",
    method: "GET",
    path: "/api/v1/customers/{id}/connections",
    tag,
    summary: "List a customer's connections (credentials are never returned)",
    params: idParams,
    response: z.object({ data: z.array(connectionSchema) }),
    run: async ({ organizationId, params }) => {
      await requireCustomer(organizationId, params.id);
      return { data: (await connectionsOf({ organizationId, customerId: params.id })).map(toConnection) };
    },
  }),

  create: defineOperation({
    id: "createConnection",
    method: "POST",
    path: "/api/v1/customers/{id}/connections",
    tag,
    summary: "Connect a customer's account from credentials (an API token, a bot token, a login), without a browser",
    description:
      "The credentials are checked against the method's fields (400 naming the field), then with the provider when the connector can " +
      "(422 when it refuses them, 503 when it cannot be reached), and stored encrypted. Pass the connection's id in `connections` " +
      "when creating an instance to deploy with it.",
    params: idParams,
    body: createConnectionSchema,
    response: connectionSchema,
    status: 201,
    idempotent: true,
    run: async ({ organizationId, params, body }) => {
      await requireCustomer(organizationId, params.id);
      return toConnection(await connectWithCredentials({ organizationId, customerId: params.id }, body, credentialConnectSettings()));
    },
  }),

  delete: defineOperation({
    id: "deleteConnection",
    method: "DELETE",
    path: "/api/v1/customers/{id}/connections/{connectionId}",
    tag,
    summary: "Forget a connection's credentials (instances using it fail their next action until reconnected)",
    params: connectionParams,
    response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
    run: async ({ organizationId, params }) => {
      await disconnectConnection({ organizationId, customerId: params.id }, params.connectionId);
      return { id: params.connectionId, deleted: true as const };
    },
  }),
};
