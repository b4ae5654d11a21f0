import { AppError } from "@/server/errors";
import { deleteConnection, findConnection, listConnections } from "./connections.repo";
import type { ConnectionSummary } from "./connections.schema";

/** Who may see which connections: an embed session its customer's, a console member the organization's. */
export interface ConnectionScope {
  organizationId: string;
  customerId?: string;
}

export async function connectionsOf(scope: ConnectionScope, filter: { instanceId?: string } = {}): Promise<ConnectionSummary[]> {
  const rows = await listConnections({ ...scope, ...filter });
  return rows.map(({ customerId: _customer, expiresAt: _expires, ...summary }) => summary);
}

/**
 * Forgets the credentials. Instances that used the connection fail their next action with "not
 * connected" until the customer connects again; tokens are not revoked at the provider.
 */
export async function disconnectConnection(scope: ConnectionScope, id: string): Promise<void> {
  if (!(await deleteConnection(scope, id))) throw new AppError("NOT_FOUND", "No such connection.");
}

export async function connectionById(scope: ConnectionScope, id: string) {
  const row = await findConnection(scope, id);
  if (!row) throw new AppError("NOT_FOUND", "No such connection.");
  return row;
}
