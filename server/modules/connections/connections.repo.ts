import { db } from "@/server/db/client";

/** The instance's connection for a manifest connection key (the wizard links it to the instance). */
export function findInstanceConnection(organizationId: string, instanceId: string, key: string) {
  return db().connection.findFirst({ where: { organizationId, instanceId, key }, orderBy: { updatedAt: "desc" } });
}
