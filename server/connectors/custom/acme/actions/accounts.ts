import { z } from "zod";

import { accountFieldsSchema, accountSchema, acmeAccountSchema, toAccount, toApiFields } from "@/server/connectors/custom/acme/crm.schema";
import { defineAction } from "@/server/connectors/framework/define-connector";

const pageSchema = z.object({ data: z.array(acmeAccountSchema) });

export const findAccountByExternalId = defineAction({
  readOnly: true,
  description: "Finds the account whose external id (the record's id in another app) is the given one; answers { found: false } when there is none.",
  input: z.object({ externalId: z.string().min(1) }),
  output: z.union([z.object({ found: z.literal(true), account: accountSchema }), z.object({ found: z.literal(false) })]),
  async run(ctx, input) {
    const page = pageSchema.parse((await ctx.http.get("/accounts", { query: { external_id: input.externalId, limit: 1 } })).body);
    return page.data[0] ? { found: true as const, account: toAccount(page.data[0]) } : { found: false as const };
  },
});

export const createAccount = defineAction({
  readOnly: false,
  description: "Creates an account in Acme.",
  input: accountFieldsSchema,
  output: accountSchema,
  async run(ctx, input) {
    const response = await ctx.http.post("/accounts", toApiFields(input), { idempotencyKey: true });
    return toAccount(acmeAccountSchema.parse(response.body));
  },
});

export const updateAccount = defineAction({
  readOnly: false,
  destructive: true,
  description: "Changes the given fields of an Acme account.",
  input: accountFieldsSchema.partial().extend({ accountId: z.string().min(1) }),
  output: accountSchema,
  async run(ctx, { accountId, ...fields }) {
    const response = await ctx.http.patch(`/accounts/${encodeURIComponent(accountId)}`, toApiFields(fields));
    return toAccount(acmeAccountSchema.parse(response.body));
  },
});
