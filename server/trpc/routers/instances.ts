import { z } from "zod";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import { eventSchema } from "@/server/api/schemas/events.schema";
import { endpointStatusSchema, instanceOverviewSchema } from "./embed-schemas";
import {
  createInstanceSchema,
  endpointSchema,
  instanceFilterSchema,
  instanceSchema,
  pauseInstanceSchema,
  reconfigureInstanceSchema,
} from "@/server/api/schemas/instances.schema";
import { eventDetailSchema, rejectedDeliveriesFilterSchema } from "@/server/api/schemas/events.schema";
import { listRejectedDeliveries } from "@/server/api/services/events";
import * as instances from "@/server/api/services/instances";
import { consoleInstanceOverview } from "@/server/modules/embed/console-acting";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, isEditor, router } from "../init";

const editors = consoleProcedureFor("owner", "admin");
const listInput = paginationQuerySchema.extend(instanceFilterSchema.shape);
const eventsInput = paginationQuerySchema.extend({ instanceId: z.uuid() });
const removedSchema = z.object({ id: z.uuid(), status: z.enum(["removed", "removing"]) });
const deliveriesInput = paginationQuerySchema.extend({ instanceId: z.uuid(), ...rejectedDeliveriesFilterSchema.shape });
const overviewSchema = instanceOverviewSchema.extend({
  customer: z.object({ id: z.string(), name: z.string(), externalId: z.string() }),
  /** `urlHidden`: the token in `url` is hidden, as it is for support members. */
  endpoints: z.array(endpointStatusSchema.extend({ urlHidden: z.boolean() })),
});
const resumedSchema = z.object({ instance: instanceSchema, releasedEvents: z.number() });

export const instancesRouter = router({
  list: consoleProcedure.input(listInput).output(pageSchema(instanceSchema)).query(({ ctx, input }) => instances.listInstances(ctx.actor.organizationId, input)),
  get: consoleProcedure.input(idParams).output(instanceSchema).query(({ ctx, input }) => instances.getInstance(ctx.actor.organizationId, input.id)),
  events: consoleProcedure
    .input(eventsInput)
    .output(pageSchema(eventSchema))
    .query(({ ctx, input }) => instances.listEvents(ctx.actor.organizationId, input.instanceId, input)),
  /** The instance page: configuration, connections, flows, deploy runs and webhook URLs (whole for owners and admins only). */
  overview: consoleProcedure
    .input(idParams)
    .output(overviewSchema)
    .query(({ ctx, input }) =>
      consoleInstanceOverview(ctx.actor.organizationId, input.id, { revealTokens: isEditor(ctx.actor.role) }),
    ),
  /** Deliveries that started nothing (failed verification, filtered by `match`, duplicates), per endpoint. */
  rejectedDeliveries: consoleProcedure
    .input(deliveriesInput)
    .output(pageSchema(eventDetailSchema))
    .query(({ ctx, input }) => listRejectedDeliveries(ctx.actor.organizationId, input)),
  create: editors.input(createInstanceSchema).output(instanceSchema).mutation(({ ctx, input }) => instances.deployInstance(ctx.actor.organizationId, input)),
  pause: editors
    .input(idParams.extend(pauseInstanceSchema.shape))
    .output(instanceSchema)
    .mutation(({ ctx, input }) => instances.pause(ctx.actor.organizationId, input.id, input)),
  resume: editors.input(idParams).output(resumedSchema).mutation(({ ctx, input }) => instances.resume(ctx.actor.organizationId, input.id)),
  /** Runs the remove flows (or deletes at once: none, or `force`). */
  remove: editors
    .input(idParams.extend({ force: z.boolean().optional() }))
    .output(removedSchema)
    .mutation(({ ctx, input }) => instances.remove(ctx.actor.organizationId, input.id, input)),
});

export const instancesApiRouter = router({
  list: apiKeyProcedure.input(listInput).output(pageSchema(instanceSchema)).query(({ ctx, input }) => instances.listInstances(ctx.key.organizationId, input)),
  get: apiKeyProcedure.input(idParams).output(instanceSchema).query(({ ctx, input }) => instances.getInstance(ctx.key.organizationId, input.id)),
  events: apiKeyProcedure
    .input(eventsInput)
    .output(pageSchema(eventSchema))
    .query(({ ctx, input }) => instances.listEvents(ctx.key.organizationId, input.instanceId, input)),
  create: apiKeyProcedure.input(createInstanceSchema).output(instanceSchema).mutation(({ ctx, input }) => instances.deployInstance(ctx.key.organizationId, input)),
  reconfigure: apiKeyProcedure
    .input(idParams.extend(reconfigureInstanceSchema.shape))
    .output(instanceSchema)
    .mutation(({ ctx, input }) => instances.reconfigure(ctx.key.organizationId, input.id, input.config)),
  pause: apiKeyProcedure
    .input(idParams.extend(pauseInstanceSchema.shape))
    .output(instanceSchema)
    .mutation(({ ctx, input }) => instances.pause(ctx.key.organizationId, input.id, input)),
  resume: apiKeyProcedure.input(idParams).output(resumedSchema).mutation(({ ctx, input }) => instances.resume(ctx.key.organizationId, input.id)),
  rejectedDeliveries: apiKeyProcedure
    .input(deliveriesInput)
    .output(pageSchema(eventDetailSchema))
    .query(({ ctx, input }) => listRejectedDeliveries(ctx.key.organizationId, input)),
  endpoints: apiKeyProcedure
    .input(idParams)
    .output(z.object({ data: z.array(endpointSchema) }))
    .query(({ ctx, input }) => instances.listEndpoints(ctx.key.organizationId, input.id)),
  remove: apiKeyProcedure
    .input(idParams.extend({ force: z.boolean().optional() }))
    .output(removedSchema)
    .mutation(({ ctx, input }) => instances.remove(ctx.key.organizationId, input.id, input)),
});
