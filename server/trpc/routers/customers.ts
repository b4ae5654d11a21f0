import { z } from "zod";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import { createCustomerSchema, customerSchema } from "@/server/api/schemas/customers.schema";
import * as customers from "@/server/api/services/customers";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, router } from "../init";

const listInput = paginationQuerySchema.extend({ search: z.string().trim().max(200).optional() });

export const customersRouter = router({
  list: consoleProcedure
    .input(listInput)
    .output(pageSchema(customerSchema))
    .query(({ ctx, input }) => customers.listCustomers(ctx.actor.organizationId, { ...input, search: input.search || undefined })),
  get: consoleProcedure.input(idParams).output(customerSchema).query(({ ctx, input }) => customers.getCustomer(ctx.actor.organizationId, input.id)),
  create: consoleProcedureFor("owner", "admin")
    .input(createCustomerSchema)
    .output(customerSchema)
    .mutation(({ ctx, input }) => customers.createCustomer(ctx.actor.organizationId, input)),
});

export const customersApiRouter = router({
  list: apiKeyProcedure
    .input(listInput.extend({ externalId: z.string().min(1).optional() }))
    .output(pageSchema(customerSchema))
    .query(({ ctx, input }) => customers.listCustomers(ctx.key.organizationId, { ...input, search: input.search || undefined })),
  get: apiKeyProcedure.input(idParams).output(customerSchema).query(({ ctx, input }) => customers.getCustomer(ctx.key.organizationId, input.id)),
  create: apiKeyProcedure
    .input(createCustomerSchema)
    .output(customerSchema)
    .mutation(({ ctx, input }) => customers.createCustomer(ctx.key.organizationId, input)),
});
