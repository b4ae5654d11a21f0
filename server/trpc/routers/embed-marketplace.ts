import { z } from "zod";
import { integrationDetail, listMarketplace } from "@/server/modules/embed/marketplace.service";
import { embedProcedure, router } from "../init";
import { iconSchema, instanceStatusSchema } from "./embed-schemas";

const ownInstanceSchema = z.object({ id: z.string(), status: instanceStatusSchema }).nullable();
/** In the list, also the instance's connections that need reconnecting (the card prompts for it). */
const listedInstanceSchema = z
  .object({
    id: z.string(),
    status: instanceStatusSchema,
    needsReconnect: z.array(z.object({ key: z.string(), connector: z.string(), label: z.string(), reason: z.string().nullable() })),
  })
  .nullable();

export const marketplaceFilterSchema = z.object({ search: z.string().max(200).optional(), category: z.string().max(100).optional() });

export const marketplacePageSchema = z.object({
  categories: z.array(z.string()),
  items: z.array(
    z.object({ key: z.string(), name: z.string(), description: z.string(), category: z.string().nullable(), icon: iconSchema, instance: listedInstanceSchema }),
  ),
});

export const embedMarketplaceRouter = router({
  list: embedProcedure
    .input(marketplaceFilterSchema.default({}))
    .output(marketplacePageSchema)
    .query(({ ctx, input }) => listMarketplace(ctx.session.organizationId, { customerId: ctx.session.customerId }, input)),

  integration: embedProcedure
    .input(z.object({ key: z.string().min(1).max(200) }))
    .output(
      z.object({
        key: z.string(),
        name: z.string(),
        description: z.string(),
        category: z.string().nullable(),
        icon: iconSchema,
        version: z.number(),
        releaseNotes: z.string().nullable(),
        connections: z.array(z.object({ key: z.string(), connector: z.string(), label: z.string(), required: z.boolean(), icon: iconSchema })),
        flows: z.array(z.object({ key: z.string(), name: z.string(), description: z.string().nullable(), trigger: z.string() })),
        configPages: z.array(z.string()),
        instance: ownInstanceSchema,
      }),
    )
    .query(({ ctx, input }) => integrationDetail(ctx.session, input.key)),
});
