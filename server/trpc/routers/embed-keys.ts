/** Console: the organization's embed keys and embed settings (allowed origins, theme). */
import { z } from "zod";
import { embedKeys, generateSecretKey, registerPublicKey, revokeEmbedKey } from "@/server/modules/embed/embed-keys.service";
import { embedSettings, saveEmbedSettings } from "@/server/modules/embed/embed-settings.service";
import { consoleProcedure, consoleProcedureFor, router } from "../init";

const keySchema = z.object({ id: z.string(), algorithm: z.enum(["RS256", "HS256"]), kid: z.string(), revokedAt: z.date().nullable(), createdAt: z.date() });
const themeSchema = z.object({
  mode: z.enum(["light", "dark"]).optional(),
  primaryColor: z.string().max(64).optional(),
  radius: z.string().max(16).optional(),
  fontFamily: z.string().max(200).optional(),
});
const settingsSchema = z.object({ organizationId: z.string(), allowedOrigins: z.array(z.string()), theme: themeSchema });
const managers = consoleProcedureFor("owner", "admin");

export const embedKeysRouter = router({
  list: consoleProcedure.output(z.array(keySchema)).query(({ ctx }) => embedKeys(ctx.actor.organizationId)),
  registerPublicKey: managers
    .input(z.object({ publicKeyPem: z.string().min(1).max(10_000), kid: z.string().max(100).optional() }))
    .output(keySchema)
    .mutation(({ ctx, input }) => registerPublicKey(ctx.actor.organizationId, input)),
  /** The secret is in this answer only; it is stored encrypted and never shown again. */
  generateSecret: managers
    .input(z.object({ kid: z.string().max(100).optional() }).default({}))
    .output(keySchema.extend({ secret: z.string() }))
    .mutation(({ ctx, input }) => generateSecretKey(ctx.actor.organizationId, input)),
  revoke: managers
    .input(z.object({ id: z.string().uuid() }))
    .output(z.void())
    .mutation(({ ctx, input }) => revokeEmbedKey(ctx.actor.organizationId, input.id)),
  settings: consoleProcedure.output(settingsSchema).query(({ ctx }) => embedSettings(ctx.actor.organizationId)),
  saveSettings: managers
    .input(z.object({ allowedOrigins: z.array(z.string().max(2048)).max(50).optional(), theme: themeSchema.optional() }))
    .output(settingsSchema)
    .mutation(({ ctx, input }) => saveEmbedSettings(ctx.actor.organizationId, input)),
});
