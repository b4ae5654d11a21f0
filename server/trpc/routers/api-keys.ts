import { z } from "zod";
import { apiKeysOf, createApiKey, revokeKey } from "@/server/modules/api-keys/api-keys.service";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, router } from "../init";

const apiKeySummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

export const apiKeysRouter = router({
  list: consoleProcedure.output(z.array(apiKeySummarySchema)).query(({ ctx }) => apiKeysOf(ctx.actor.organizationId)),
  create: consoleProcedureFor("owner", "admin")
    .input(z.object({ name: z.string().trim().min(1, "Name the key so you can recognise it later.").max(100) }))
    .output(apiKeySummarySchema.extend({ key: z.string() }))
    .mutation(({ ctx, input }) => createApiKey(ctx.actor.organizationId, input.name, ctx.actor.userId)),
  revoke: consoleProcedureFor("owner", "admin")
    .input(z.object({ id: z.string().uuid() }))
    .output(z.object({ revoked: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeKey(ctx.actor.organizationId, input.id);
      return { revoked: true as const };
    }),
  /** For vendor backends to check their key: which organization it belongs to. */
  whoami: apiKeyProcedure
    .output(z.object({ organizationId: z.string(), apiKeyId: z.string() }))
    .query(({ ctx }) => ({ organizationId: ctx.key.organizationId, apiKeyId: ctx.key.apiKeyId })),
});
