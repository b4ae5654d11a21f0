import { z } from "zod";
import {
  instanceOverview,
  listCustomerInstances,
  pauseOwnedInstance,
  reconfigureInstance,
  removeOwnedInstance,
  resumeOwnedInstance,
  upgradeOwnedInstance,
} from "@/server/modules/embed/embed-instance.service";
import { embedProcedure, router } from "../init";
import { idSchema, instanceChangeSchema, instanceOverviewSchema, instanceStatusSchema } from "./embed-schemas";

const byId = z.object({ instanceId: idSchema });
const valuesSchema = z.record(z.string(), z.unknown());

export const embedInstancesRouter = router({
  list: embedProcedure
    .output(z.array(z.object({ id: z.string(), status: instanceStatusSchema, integrationKey: z.string(), integrationName: z.string() })))
    .query(({ ctx }) => listCustomerInstances(ctx.session)),

  get: embedProcedure
    .input(byId)
    .output(instanceOverviewSchema)
    .query(({ ctx, input }) => instanceOverview(ctx.session, input.instanceId)),

  reconfigure: embedProcedure
    .input(z.object({ instanceId: idSchema, values: valuesSchema }))
    .output(instanceChangeSchema)
    .mutation(({ ctx, input }) => reconfigureInstance(ctx.session, input.instanceId, input.values)),

  upgrade: embedProcedure
    .input(z.object({ instanceId: idSchema, values: valuesSchema.default({}) }))
    .output(instanceChangeSchema)
    .mutation(({ ctx, input }) => upgradeOwnedInstance(ctx.session, input.instanceId, input.values)),

  pause: embedProcedure
    .input(byId)
    .output(instanceChangeSchema)
    .mutation(({ ctx, input }) => pauseOwnedInstance(ctx.session, input.instanceId)),

  resume: embedProcedure
    .input(byId)
    .output(instanceChangeSchema)
    .mutation(({ ctx, input }) => resumeOwnedInstance(ctx.session, input.instanceId)),

  remove: embedProcedure
    .input(byId)
    .output(instanceChangeSchema.extend({ status: z.enum(["removed", "removing"]) }))
    .mutation(({ ctx, input }) => removeOwnedInstance(ctx.session, input.instanceId)),
});
