import { z } from "zod";

/** Accounts and opportunities as the Acme API answers them (snake_case) and as flows see them (camelCase). */
export const acmeAccountSchema = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  external_id: z.string().nullable(),
  updated_at: z.string(),
});

export const accountSchema = z.object({
  id: z.string(),
  name: z.string(),
  industry: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  externalId: z.string().nullable(),
  updatedAt: z.string(),
});

export function toAccount(account: z.infer<typeof acmeAccountSchema>): z.infer<typeof accountSchema> {
  return {
    id: account.id,
    name: account.name,
    industry: account.industry,
    phone: account.phone,
    website: account.website,
    externalId: account.external_id,
    updatedAt: account.updated_at,
  };
}

export const acmeOpportunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  amount: z.number().nullable(),
  close_date: z.string().nullable(),
  account_id: z.string().nullable(),
  external_id: z.string().nullable(),
  updated_at: z.string(),
});

export const opportunitySchema = z.object({
  id: z.string(),
  name: z.string(),
  stage: z.string(),
  amount: z.number().nullable(),
  closeDate: z.string().nullable(),
  accountId: z.string().nullable(),
  externalId: z.string().nullable(),
  updatedAt: z.string(),
});

export function toOpportunity(opportunity: z.infer<typeof acmeOpportunitySchema>): z.infer<typeof opportunitySchema> {
  return {
    id: opportunity.id,
    name: opportunity.name,
    stage: opportunity.stage,
    amount: opportunity.amount,
    closeDate: opportunity.close_date,
    accountId: opportunity.account_id,
    externalId: opportunity.external_id,
    updatedAt: opportunity.updated_at,
  };
}

/** Acme's opportunity stages (the names of Salesforce's default sales process). */
export const STAGES = [
  "Prospecting",
  "Qualification",
  "Needs Analysis",
  "Value Proposition",
  "Proposal/Price Quote",
  "Negotiation/Review",
  "Closed Won",
  "Closed Lost",
] as const;

const optionalText = z.string().nullable().optional();

/** What a flow may set on an account; absent fields are left as they are on update. */
export const accountFieldsSchema = z.object({
  name: z.string().min(1).max(200),
  industry: optionalText,
  phone: optionalText,
  website: optionalText,
  externalId: optionalText,
});

export const opportunityFieldsSchema = z.object({
  name: z.string().min(1).max(200),
  stage: z.enum(STAGES),
  /** Numbers or numeric text (Salesforce's outbound messages carry text). */
  amount: z
    .union([
      z.number(),
      z
        .string()
        .regex(/^-?\d+(\.\d+)?$/)
        .transform(Number),
    ])
    .nullable()
    .optional(),
  closeDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected YYYY-MM-DD" })
    .nullable()
    .optional(),
  accountId: optionalText,
  externalId: optionalText,
});

/** camelCase fields → the API's snake_case body, leaving out what was not given. */
export function toApiFields(fields: Record<string, unknown>): Record<string, unknown> {
  const names: Record<string, string> = { externalId: "external_id", closeDate: "close_date", accountId: "account_id" };
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [names[key] ?? key, value]),
  );
}
