import { z } from "zod";

/** Absolute http(s) URL; anything else could not be reached by the token client anyway. */
const httpUrlSchema = z
  .string()
  .trim()
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "Enter an absolute http(s) URL.");

const scopeSchema = z.string().trim().min(1).max(200).regex(/^\S+$/, "A scope has no spaces; list each one separately.");

/** The connector key this app is for (`github`): OAuth apps are per organization and connector. */
export const providerSchema = z.string().regex(/^[a-z][a-z0-9-]*$/, "Use the connector's key, e.g. github.");

export const createOAuthAppSchema = z.object({
  provider: providerSchema,
  clientId: z.string().trim().min(1, "Enter the client id the provider gave you.").max(500),
  /** Optional: public clients rely on PKCE alone. */
  clientSecret: z.string().min(1).max(2000).optional(),
  scopes: z.array(scopeSchema).max(100).default([]),
  authorizeUrl: httpUrlSchema.nullish(),
  tokenUrl: httpUrlSchema.nullish(),
  apiBaseUrl: httpUrlSchema.nullish(),
});

/** Omitted fields stay as they are; `null` clears an override; a new secret replaces the old one. */
export const updateOAuthAppSchema = z.object({
  id: z.string().uuid(),
  clientId: z.string().trim().min(1).max(500).optional(),
  clientSecret: z.string().min(1).max(2000).optional(),
  scopes: z.array(scopeSchema).max(100).optional(),
  authorizeUrl: httpUrlSchema.nullish(),
  tokenUrl: httpUrlSchema.nullish(),
  apiBaseUrl: httpUrlSchema.nullish(),
});

/** What callers see of an app. There is deliberately no field for the secret, only whether one is set. */
export const oauthAppSummarySchema = z.object({
  id: z.string(),
  provider: z.string(),
  clientId: z.string(),
  hasClientSecret: z.boolean(),
  scopes: z.array(z.string()),
  authorizeUrl: z.string().nullable(),
  tokenUrl: z.string().nullable(),
  apiBaseUrl: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export type CreateOAuthAppInput = z.input<typeof createOAuthAppSchema>;
export type UpdateOAuthAppInput = z.input<typeof updateOAuthAppSchema>;
export type OAuthAppSummary = z.infer<typeof oauthAppSummarySchema>;
