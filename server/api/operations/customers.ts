import { z } from "zod";
import { AppError } from "@/server/errors";
import { findCustomerSummary, insertCustomer, listCustomersPage } from "@/server/modules/customers/customer-queries.repo";
import { idParams } from "../schemas/common.schema";
import { createCustomerSchema, customerSchema, toCustomer } from "../schemas/customers.schema";
import { defineOperation } from "../operation";
import { decodeCursor, pageOf, pageSchema, paginationQuerySchema } from "../pagination";

const tag = "Customers";

export const customerOperations = {
  list: defineOperation({
    id: "listCustomers",
    method: "GET",
    path: "/api/v1/customers",
    tag,
    summary: "List customers, newest first",
    query: paginationQuerySchema.extend({
      search: z.string().trim().min(1).max(200).optional().describe("Part of the name or externalId"),
      externalId: z.string().min(1).optional().describe("Exactly this externalId"),
    }),
    response: pageSchema(customerSchema),
    run: async ({ organizationId, query }) => {
      const rows = await listCustomersPage(organizationId, {
        search: query.search,
        externalId: query.externalId,
        before: decodeCursor(query.cursor),
        take: query.limit + 1,
      });
      return pageOf(rows, query.limit, (r) => ({ at: r.createdAt, id: r.id }), toCustomer);
    },
  }),

  create: defineOperation({
    id: "createCustomer",
    method: "POST",
    path: "/api/v1/customers",
    tag,
    summary: "Create a customer (409 when the externalId exists)",
    body: createCustomerSchema,
    response: customerSchema,
    status: 201,
    idempotent: true,
    run: async ({ organizationId, body }) => toCustomer(await insertCustomer(organizationId, body)),
  }),

  get: defineOperation({
    id: "getCustomer",
    method: "GET",
    path: "/api/v1/customers/{id}",
    tag,
    summary: "Get a customer",
    params: idParams,
    response: customerSchema,
    run: async ({ organizationId, params }) => {
      const row = await findCustomerSummary(organizationId, params.id);
      if (!row) throw new AppError("NOT_FOUND", "No customer with that id in this organization.", { field: "id" });
      return toCustomer(row);
    },
  }),
};
