import { z } from "zod";
import { idParams } from "../schemas/common.schema";
import { createCustomerSchema, customerSchema } from "../schemas/customers.schema";
import { defineOperation } from "../operation";
import { pageSchema, paginationQuerySchema } from "../pagination";
import * as customers from "../services/customers";

const tag = "Customers";

export const listCustomersOperation = defineOperation({
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
  run: ({ organizationId, query }) => customers.listCustomers(organizationId, query),
});

export const createCustomerOperation = defineOperation({
  id: "createCustomer",
  method: "POST",
  path: "/api/v1/customers",
  tag,
  summary: "Create a customer (409 when the externalId exists)",
  body: createCustomerSchema,
  response: customerSchema,
  status: 201,
  idempotent: true,
  run: ({ organizationId, body }) => customers.createCustomer(organizationId, body),
});

export const getCustomerOperation = defineOperation({
  id: "getCustomer",
  method: "GET",
  path: "/api/v1/customers/{id}",
  tag,
  summary: "Get a customer",
  params: idParams,
  response: customerSchema,
  run: ({ organizationId, params }) => customers.getCustomer(organizationId, params.id),
});
