import { z } from "zod";
import { createOwner, needsSetup, ownerSetupSchema } from "@/server/modules/auth/setup.service";
import { publicProcedure, router } from "../init";

export const setupRouter = router({
  status: publicProcedure.output(z.object({ needsSetup: z.boolean() })).query(async () => ({ needsSetup: await needsSetup() })),
  createOwner: publicProcedure
    .input(ownerSetupSchema)
    .output(z.object({ email: z.string() }))
    .mutation(async ({ input }) => ({ email: (await createOwner(input)).email })),
});
