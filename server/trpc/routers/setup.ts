import { z } from "zod";
import { logger } from "@/server/logger";
import { createOwner, needsSetup, ownerSetupSchema } from "@/server/modules/auth/setup.service";
import { seedDemo } from "@/server/modules/demo/seed-demo";
import { publicProcedure, router } from "../init";

export const setupRouter = router({
  status: publicProcedure.output(z.object({ needsSetup: z.boolean() })).query(async () => ({ needsSetup: await needsSetup() })),
  createOwner: publicProcedure
    .input(ownerSetupSchema)
    .output(z.object({ email: z.string() }))
    .mutation(async ({ input }) => {
      const owner = await createOwner(input);
      // With the sandbox on, the new organization is prepared for the demo (a no-op otherwise).
      // The owner exists either way: a failed demo seed is logged, not reported as a failed set-up.
      await seedDemo(owner.organizationId).catch((error: unknown) => {
        logger().error({ organizationId: owner.organizationId, err: (error as Error).message }, "seeding the sandbox demo failed");
      });
      return { email: owner.email };
    }),
});
