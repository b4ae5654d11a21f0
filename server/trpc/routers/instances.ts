import { z } from "zod";
import { instanceOperations } from "@/server/api/operations/instances";
import { runOperation } from "@/server/api/operation";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import { eventDetailSchema, eventSchema, rejectedDeliveriesFilterSchema } from "@/server/api/schemas/events.schema";
import { endpointStatusSchema, instanceOverviewSchema } from "./embed-schemas";
import { consoleInstanceOverview } from "@/server/modules/embed/console-acting";
import { consoleProcedure, isEditor, router } from "../init";
import { consoleProcedureOf } from "../operation-procedures";

const eventsInput = paginationQuerySchema.extend({ instanceId: z.uuid() });
const deliveriesInput = paginationQuerySchema.extend({ instanceId: z.uuid(), ...rejectedDeliveriesFilterSchema.shape });
const overviewSchema = instanceOverviewSchema.extend({
  customer: z.object({ id: z.string(), name: z.string(), externalId: z.string() }),
  /** `urlHidden`: the token in `url` is hidden, as it is for support members. */
  endpoints: z.array(endpointStatusSchema.extend({ urlHidden: z.boolean() })),
});

export const instancesRouter = router({
  list: consoleProcedureOf(instanceOperations.list),
  get: consoleProcedureOf(instanceOperations.get),
  events: consoleProcedure
    .input(eventsInput)
    .output(pageSchema(eventSchema))
    .query(({ ctx, input: { instanceId, ...page } }) => runOperation(instanceOperations.events, ctx.actor.organizationId, { id: instanceId, ...page })),
  /** The instance page: configuration, connections, flows, deploy runs and webhook URLs (whole for owners and admins only). */
  overview: consoleProcedure
    .input(idParams)
    .output(overviewSchema)
    .query(({ ctx, input }) => consoleInstanceOverview(ctx.actor.organizationId, input.id, { revealTokens: isEditor(ctx.actor.role) })),
  /** Deliveries that started nothing (failed verification, filtered by `match`, duplicates), per endpoint. */
  rejectedDeliveries: consoleProcedure
    .input(deliveriesInput)
    .output(pageSchema(eventDetailSchema))
    .query(({ ctx, input: { instanceId, ...filter } }) =>
      runOperation(instanceOperations.rejectedDeliveries, ctx.actor.organizationId, { id: instanceId, ...filter }),
    ),
  create: consoleProcedureOf(instanceOperations.create, "owner", "admin"),
  pause: consoleProcedureOf(instanceOperations.pause, "owner", "admin"),
  resume: consoleProcedureOf(instanceOperations.resume, "owner", "admin"),
  /** Runs the remove flows (or deletes at once: none, or `force`). */
  remove: consoleProcedureOf(instanceOperations.remove, "owner", "admin"),
});
