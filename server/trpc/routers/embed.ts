import { z } from "zod";
import { exchangeForFirstPage } from "@/server/modules/embed/embed-exchange.service";
import { embedProcedure, publicProcedure, router } from "../init";
import { embedInstancesRouter } from "./embed-instances";
import { embedLogsRouter } from "./embed-logs";
import { embedMarketplaceRouter, marketplaceFilterSchema, marketplacePageSchema } from "./embed-marketplace";
import { embedWizardRouter } from "./embed-wizard";

const themeOutputSchema = z.object({
  mode: z.enum(["light", "dark"]).optional(),
  primaryColor: z.string().optional(),
  radius: z.string().optional(),
  fontFamily: z.string().optional(),
});

export const embedRouter = router({
  /** What the embedded marketplace knows about its caller. No organization internals leak here. */
  session: embedProcedure
    .output(z.object({ customerExternalId: z.string(), userId: z.string(), expiresAt: z.number() }))
    .query(({ ctx }) => ({ customerExternalId: ctx.session.customerExternalId, userId: ctx.session.userId, expiresAt: ctx.session.expiresAt })),

  /**
   * The vendor's JWT (from the SDK's authenticate message) for a sealed session token the frame
   * keeps in memory. Public: the JWT is the credential. FORBIDDEN means the framing page's origin
   * is not allowed; UNAUTHORIZED that the token is not acceptable.
   */
  exchange: publicProcedure
    .input(
      z.object({
        token: z.string().min(1).max(8192),
        parentOrigin: z.string().min(1).max(2048),
        /** The first page's data to send back with the session (the marketplace with these filters). */
        prefetch: z.object({ marketplace: marketplaceFilterSchema.optional() }).optional(),
      }),
    )
    .output(
      z.object({
        sessionToken: z.string(),
        expiresAt: z.number(),
        organizationName: z.string(),
        customerName: z.string(),
        theme: themeOutputSchema,
        marketplace: marketplacePageSchema.nullable(),
      }),
    )
    .mutation(({ ctx, input }) => exchangeForFirstPage(input, ctx.embedSessionSecret())),

  marketplace: embedMarketplaceRouter,
  wizard: embedWizardRouter,
  instances: embedInstancesRouter,
  logs: embedLogsRouter,
});
