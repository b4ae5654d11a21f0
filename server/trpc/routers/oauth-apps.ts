import { z } from "zod";
import { createOAuthAppSchema, oauthAppSummarySchema, updateOAuthAppSchema } from "@/server/modules/oauth-apps/oauth-apps.schema";
import { createOAuthApp, oauthAppsOf, removeOAuthApp, updateOAuthAppSettings } from "@/server/modules/oauth-apps/oauth-apps.service";
import { oauthProviders } from "@/server/modules/oauth-apps/oauth-providers";
import { consoleProcedure, consoleProcedureFor, router } from "../init";

/** The organization's OAuth apps, one per connector. The client secret goes in and never comes out. */
export const oauthAppsRouter = router({
  list: consoleProcedure.output(z.array(oauthAppSummarySchema)).query(({ ctx }) => oauthAppsOf(ctx.actor.organizationId)),
  /** The connectors that sign in with OAuth, which an app can be set up for. */
  providers: consoleProcedure.output(z.array(z.object({ key: z.string(), name: z.string() }))).query(() => oauthProviders()),
  create: consoleProcedureFor("owner", "admin")
    .input(createOAuthAppSchema)
    .output(oauthAppSummarySchema)
    .mutation(({ ctx, input }) => createOAuthApp(ctx.actor.organizationId, input)),
  update: consoleProcedureFor("owner", "admin")
    .input(updateOAuthAppSchema)
    .output(oauthAppSummarySchema)
    .mutation(({ ctx, input }) => updateOAuthAppSettings(ctx.actor.organizationId, input)),
  delete: consoleProcedureFor("owner", "admin")
    .input(z.object({ id: z.string().uuid() }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await removeOAuthApp(ctx.actor.organizationId, input.id);
      return { deleted: true as const };
    }),
});
