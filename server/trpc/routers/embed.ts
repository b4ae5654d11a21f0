import { z } from "zod";
import { embedProcedure, router } from "../init";

export const embedRouter = router({
  /** What the embedded marketplace knows about its caller. No organization internals leak here. */
  session: embedProcedure
    .output(z.object({ customerExternalId: z.string(), userId: z.string(), expiresAt: z.number() }))
    .query(({ ctx }) => ({ customerExternalId: ctx.session.customerExternalId, userId: ctx.session.userId, expiresAt: ctx.session.expiresAt })),
});
