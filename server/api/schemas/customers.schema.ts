import { z } from "zod";
import type { findCustomerSummary } from "@/server/modules/customers/customer-queries.repo";
import { externalIdSchema } from "@/server/modules/customers/external-id";
import { isoDate } from "./common.schema";

export const customerSchema = z.object({
  id: z.uuid(),
  externalId: z.string().describe("Your own id for this customer"),
  name: z.string(),
  instanceCount: z.number().int(),
  createdAt: isoDate,
});

export const createCustomerSchema = z.object({
  externalId: externalIdSchema,
  name: z.string().trim().min(1).max(200).optional().describe("Defaults to the externalId"),
});

export function toCustomer(row: NonNullable<Awaited<ReturnType<typeof findCustomerSummary>>>): z.infer<typeof customerSchema> {
  return { id: row.id, externalId: row.externalId, name: row.name, instanceCount: row._count.instances, createdAt: row.createdAt.toISOString() };
}
