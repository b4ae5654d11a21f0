import { z } from "zod";

import { acmeOpportunitySchema, opportunityFieldsSchema, opportunitySchema, toApiFields, toOpportunity } from "@/server/connectors/custom/acme/crm.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

const pageSchema = z.object({ data: z.array(acmeOpportunitySchema) });

export const findOpportunityByExternalId = defineAction({
  readOnly: true,
  description: "Finds the opportunity whose external id is the given one; answers { found: false } when there is none.",
  input: z.object({ externalId: z.string().min(1) }),
  output: z.union([z.object({ found: z.literal(true), opportunity: opportunitySchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    const page = pageSchema.parse((await ctx.http.get("/opportunities", { query: { external_id: input.externalId, limit: 1 } })).body);
    return page.data[0] ? { found: true as const, opportunity: toOpportunity(page.data[0]) } : { found: false as const };
  },
});

export const createOpportunity = defineAction({
  readOnly: false,
  description: "Creates an opportunity in Acme (Acme sends opportunity.created to its webhooks).",
  input: opportunityFieldsSchema,
  output: opportunitySchema,
  async run(ctx, input) {
    const response = await ctx.http.post("/opportunities", toApiFields(input), { idempotencyKey: true });
    return toOpportunity(acmeOpportunitySchema.parse(response.body));
  },
});

export const updateOpportunity = defineAction({
  readOnly: false,
  destructive: true,
  description: "Changes the given fields of an Acme opportunity (Acme sends opportunity.updated when something changed).",
  input: opportunityFieldsSchema.partial().extend({ opportunityId: z.string().min(1) }),
  output: opportunitySchema,
  async run(ctx, { opportunityId, ...fields }) {
    const response = await ctx.http.patch(`/opportunities/${encodeURIComponent(opportunityId)}`, toApiFields(fields));
    return toOpportunity(acmeOpportunitySchema.parse(response.body));
  },
});
