import { z } from "zod";
import { idParams } from "../schemas/common.schema";
import { connectionParams, connectionSchema, connectorSchema, createConnectionSchema } from "../schemas/connections.schema";
import { defineOperation } from "../operation";
import * as connections from "../services/connections";

const tag = "Connections";

export const listConnectorsOperation = defineOperation({
  id: "listConnectors",
  method: "GET",
  path: "/api/v1/connectors",
  tag,
  summary: "List the connectors of this deployment with their auth methods and credential fields",
  response: z.object({ data: z.array(connectorSchema) }),
  run: async () => connections.listConnectors(),
});

export const listConnectionsOperation = defineOperation({
  id: "listConnections",
  method: "GET",
  path: "/api/v1/customers/{id}/connections",
  tag,
  summary: "List a customer's connections (credentials are never returned)",
  params: idParams,
  response: z.object({ data: z.array(connectionSchema) }),
  run: ({ organizationId, params }) => connections.listConnections(organizationId, params.id),
});

export const createConnectionOperation = defineOperation({
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
  run: ({ organizationId, params, body }) => connections.createConnection(organizationId, params.id, body),
});

export const deleteConnectionOperation = defineOperation({
  id: "deleteConnection",
  method: "DELETE",
  path: "/api/v1/customers/{id}/connections/{connectionId}",
  tag,
  summary: "Forget a connection's credentials (instances using it fail their next action until reconnected)",
  params: connectionParams,
  response: z.object({ id: z.uuid(), deleted: z.literal(true) }),
  run: ({ organizationId, params }) => connections.deleteConnection(organizationId, params.id, params.connectionId),
});
