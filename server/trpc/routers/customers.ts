import { z } from "zod";
import { customerOperations } from "@/server/api/operations/customers";
import { runOperation } from "@/server/api/operation";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { customerSchema } from "@/server/api/schemas/customers.schema";
import { consoleProcedure, router } from "../init";
import { consoleProcedureOf } from "../operation-procedures";

/** The console's search box may be empty (then it lists everyone). */
const listInput = paginationQuerySchema.extend({ search: z.string().trim().max(200).optional() });

export const customersRouter = router({
  list: consoleProcedure
    .input(listInput)
    .output(pageSchema(customerSchema))
    .query(({ ctx, input }) => runOperation(customerOperations.list, ctx.actor.organizationId, { ...input, search: input.search || undefined })),
  get: consoleProcedureOf(customerOperations.get),
  create: consoleProcedureOf(customerOperations.create, "owner", "admin"),
});
