import type { z } from "zod";
import { describeAuthMethods, typedInMethods } from "@/server/connectors/framework/describe-auth";
import type { Connector } from "@/server/connectors/framework/define-connector";
import { AppError } from "@/server/errors";
import { connectionsOf, disconnectConnection } from "@/server/modules/connections/connections.service";
import { connectWithCredentials } from "@/server/modules/connections/credential-connect.service";
import { credentialConnectSettings } from "@/server/modules/connections/oauth-settings";
import { connectorRegistry } from "@/server/connectors/registry";
import { findCustomer } from "@/server/modules/customers/customers.repo";
import { toConnection, type connectorSchema, type createConnectionSchema } from "../schemas/connections.schema";

async function requireCustomer(organizationId: string, customerId: string) {
  if (!(await findCustomer(organizationId, customerId))) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
}

export async function listConnections(organizationId: string, customerId: string) {
  await requireCustomer(organizationId, customerId);
  return { data: (await connectionsOf({ organizationId, customerId })).map(toConnection) };
}

export async function createConnection(organizationId: string, customerId: string, input: z.output<typeof createConnectionSchema>) {
  await requireCustomer(organizationId, customerId);
  return toConnection(await connectWithCredentials({ organizationId, customerId }, input, credentialConnectSettings()));
}

export async function deleteConnection(organizationId: string, customerId: string, connectionId: string) {
  await disconnectConnection({ organizationId, customerId }, connectionId);
  return { id: connectionId, deleted: true as const };
}

export function describeConnector(connector: Connector): z.input<typeof connectorSchema> {
  return { key: connector.key, name: connector.name, description: connector.description ?? null, authMethods: describeAuthMethods(connector.auth) };
}

export function listConnectors() {
  return { data: connectorRegistry.list().map(describeConnector) };
}

/** The connectors a person can connect by typing credentials in, each with only those methods. */
export function listTypedInConnectors() {
  return {
    data: connectorRegistry
      .list()
      .map((connector) => ({ ...describeConnector(connector), authMethods: typedInMethods(connector.auth) }))
      .filter((connector) => connector.authMethods.length > 0),
  };
}
