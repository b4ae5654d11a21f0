import { AppError } from "@/server/errors";
import { findCustomerSummary, insertCustomer, listCustomersPage } from "@/server/modules/customers/customer-queries.repo";
import { decodeCursor, pageOf } from "../pagination";
import { toCustomer } from "../schemas/customers.schema";

export async function listCustomers(organizationId: string, query: { cursor?: string; limit: number; search?: string; externalId?: string }) {
  const rows = await listCustomersPage(organizationId, {
    search: query.search,
    externalId: query.externalId,
    before: decodeCursor(query.cursor),
    take: query.limit + 1,
  });
  return pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }), toCustomer);
}

export async function createCustomer(organizationId: string, input: { externalId: string; name?: string }) {
  return toCustomer(await insertCustomer(organizationId, input));
}

export async function getCustomer(organizationId: string, id: string) {
  const row = await findCustomerSummary(organizationId, id);
  if (!row) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
  return toCustomer(row);
}
