/** Customer lists and details for the console and the API; every query scoped by organization. */
import { db } from "@/server/db/client";
import { AppError } from "@/server/errors";

const customerSummary = { id: true, externalId: true, name: true, createdAt: true, _count: { select: { instances: true } } } as const;

export function listCustomersPage(organizationId: string, filter: { search?: string; externalId?: string; before?: { at: Date; id: string }; take: number }) {
  const before = filter.before;
  return db().customer.findMany({
    where: {
      organizationId,
      ...(filter.externalId ? { externalId: filter.externalId } : {}),
      ...(filter.search
        ? {
            OR: [
              { name: { contains: filter.search, mode: "insensitive" as const } },
              { externalId: { contains: filter.search, mode: "insensitive" as const } },
            ],
          }
        : {}),
      ...(before ? { AND: [{ OR: [{ createdAt: { lt: before.at } }, { createdAt: before.at, id: { lt: before.id } }] }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: filter.take,
    select: customerSummary,
  });
}

export function findCustomerSummary(organizationId: string, id: string) {
  return db().customer.findFirst({ where: { organizationId, id }, select: customerSummary });
}

/** A new customer; the vendor's externalId is unique per organization. */
export async function insertCustomer(organizationId: string, data: { externalId: string; name?: string }) {
  try {
    return await db().customer.create({
      data: { organizationId, externalId: data.externalId, name: data.name ?? data.externalId },
      select: customerSummary,
    });
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("CONFLICT", `A customer with externalId "${data.externalId}" already exists.`, { field: "externalId" });
    }
    throw error;
  }
}
