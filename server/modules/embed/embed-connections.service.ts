import { AppError } from "@/server/errors";
import { wakeReconnectWaiters } from "@/server/modules/connections/reconnect-waiters.repo";
import { linkConnection, type Owner } from "./embed-instances.repo";
import { instanceConnections, requireOwnedInstance } from "./owned-instance";

/**
 * After the OAuth popup reports success: the connection it created belongs to this customer and
 * is linked to the instance being configured (flows and data sources look connections up there).
 */
export async function linkCustomerConnection(owner: Owner, input: { instanceId: string; connectionKey: string; connectionId: string }) {
  const instance = await requireOwnedInstance(owner, input.instanceId);
  if (!Object.hasOwn(instance.manifest.connections ?? {}, input.connectionKey)) {
    throw new AppError("BAD_REQUEST", `This integration has no connection "${input.connectionKey}".`, { field: "connectionKey" });
  }
  const { count } = await linkConnection(owner, instance.id, input.connectionId, input.connectionKey);
  if (count === 0) throw new AppError("NOT_FOUND", "No connection with that id for this customer.", { field: "connectionId" });
  await wakeReconnectWaiters(owner.organizationId, instance.id, input.connectionKey);
  const state = (await instanceConnections(owner, instance)).find((c) => c.key === input.connectionKey);
  if (!state) throw new AppError("NOT_FOUND", "No connection with that id for this customer.", { field: "connectionId" });
  return state;
}
