import { db } from "@/server/db/client";

/** The vendor knows its customers by its own id; an unknown one is created on first sight. */
export function upsertCustomer(organizationId: string, externalId: string, name?: string) {
  return db().customer.upsert({
    where: { organizationId_externalId: { organizationId, externalId } },
    create: { organizationId, externalId, name: name ?? externalId },
    update: name ? { name } : {},
  });
}

export function findCustomer(organizationId: string, id: string) {
  return db().customer.findFirst({ where: { organizationId, id } });
}

export function findCustomerByExternalId(organizationId: string, externalId: string) {
  return db().customer.findUnique({ where: { organizationId_externalId: { organizationId, externalId } } });
}
