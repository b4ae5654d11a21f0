import { z } from "zod";

/** A connection as callers see it: who it is and whether it works. Never tokens, never the sealed blob. */
export const connectionSummarySchema = z.object({
  id: z.string(),
  key: z.string(),
  connector: z.string(),
  authKind: z.string(),
  accountLabel: z.string().nullable(),
  status: z.enum(["active", "broken"]),
  statusReason: z.string().nullable(),
  /** Since when the connection needs reconnecting (status broken). */
  brokenAt: z.date().nullable(),
  /** The connector's periodic health call, when it declares one: when it last ran and what it found. */
  healthCheckedAt: z.date().nullable(),
  healthCheckOk: z.boolean().nullable(),
  healthCheckMessage: z.string().nullable(),
  instanceId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

export const beginOAuthInputSchema = z.object({
  connector: z.string().min(1).max(100),
  key: z.string().min(1).max(100),
  instanceId: z.string().uuid().optional(),
  connectionId: z.string().uuid().optional(),
});

export const beginOAuthOutputSchema = z.object({ startUrl: z.string(), expiresAt: z.date() });
