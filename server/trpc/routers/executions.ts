import { z } from "zod";
import { pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import {
  executionDetailSchema,
  executionFilterSchema,
  executionSummarySchema,
  replaySchema,
  startedExecutionSchema,
  supportExecutionSchema,
  startExecutionSchema,
} from "@/server/api/schemas/executions.schema";
import { eventDetailSchema } from "@/server/api/schemas/events.schema";
import { triggeringEvent } from "@/server/api/services/events";
import * as executions from "@/server/api/services/executions";
import { MAX_BULK_REPLAY } from "@/server/modules/executions/bulk-replay.service";
import { executionDashboard } from "@/server/modules/executions/dashboard.service";
import { apiKeyProcedure, consoleProcedure, consoleProcedureFor, router } from "../init";
import { flowGraphSchema } from "./embed-schemas";

const listInput = paginationQuerySchema.extend(executionFilterSchema.shape);
const statusCounts = z.record(z.string(), z.number());

/** Support may cancel and replay: both only act on runs, never on integrations or settings. */
export const executionsRouter = router({
  list: consoleProcedure
    .input(listInput)
    .output(pageSchema(executionSummarySchema))
    .query(({ ctx, input }) => executions.listExecutions(ctx.actor.organizationId, input)),
  /** The list support reads: each run's duration, what started it ("issue #12 opened") and what it did. */
  supportList: consoleProcedure
    .input(listInput)
    .output(pageSchema(supportExecutionSchema))
    .query(({ ctx, input }) => executions.listExecutionsForSupport(ctx.actor.organizationId, input)),
  get: consoleProcedure.input(idParams).output(executionDetailSchema).query(({ ctx, input }) => executions.getExecution(ctx.actor.organizationId, input.id)),
  /** The flow drawn with the path this run took. */
  graph: consoleProcedure.input(idParams).output(flowGraphSchema.nullable()).query(({ ctx, input }) => executions.executionGraph(ctx.actor.organizationId, input.id)),
  /** The delivery that started the execution, as received (secret headers redacted); null when none did. */
  event: consoleProcedure.input(idParams).output(eventDetailSchema.nullable()).query(({ ctx, input }) => triggeringEvent(ctx.actor.organizationId, input.id)),
  cancel: consoleProcedure.input(idParams).output(executionDetailSchema).mutation(({ ctx, input }) => executions.cancel(ctx.actor.organizationId, input.id)),
  replay: consoleProcedure
    .input(idParams.extend(replaySchema.shape))
    .output(startedExecutionSchema)
    .mutation(({ ctx, input }) => executions.replay(ctx.actor.organizationId, input.id, input)),
  bulkReplay: consoleProcedure
    .input(z.object({ executionIds: z.array(z.uuid()).min(1, "Select at least one execution.").max(MAX_BULK_REPLAY) }))
    .output(z.array(z.object({ executionId: z.string(), replayId: z.string().nullable(), error: z.string().nullable() })))
    .mutation(({ ctx, input }) => executions.bulkReplay(ctx.actor.organizationId, input.executionIds)),
  start: consoleProcedureFor("owner", "admin")
    .input(startExecutionSchema)
    .output(startedExecutionSchema)
    .mutation(({ ctx, input }) => executions.start(ctx.actor.organizationId, input)),
  dashboard: consoleProcedure
    .output(
      z.object({
        since: z.string(),
        hours: z.array(z.object({ hour: z.string(), counts: statusCounts })),
        totals: statusCounts,
        failureRate: z.number().nullable(),
        failingIntegrations: z.array(z.object({ id: z.string(), key: z.string(), name: z.string(), failed: z.number(), total: z.number() })),
      }),
    )
    .query(({ ctx }) => executionDashboard(ctx.actor.organizationId)),
});

export const executionsApiRouter = router({
  list: apiKeyProcedure
    .input(listInput)
    .output(pageSchema(executionSummarySchema))
    .query(({ ctx, input }) => executions.listExecutions(ctx.key.organizationId, input)),
  get: apiKeyProcedure.input(idParams).output(executionDetailSchema).query(({ ctx, input }) => executions.getExecution(ctx.key.organizationId, input.id)),
  /** The delivery that started the execution, or null for manual, scheduled and lifecycle runs. */
  event: apiKeyProcedure.input(idParams).output(eventDetailSchema.nullable()).query(({ ctx, input }) => triggeringEvent(ctx.key.organizationId, input.id)),
  start: apiKeyProcedure.input(startExecutionSchema).output(startedExecutionSchema).mutation(({ ctx, input }) => executions.start(ctx.key.organizationId, input)),
  replay: apiKeyProcedure
    .input(idParams.extend(replaySchema.shape))
    .output(startedExecutionSchema)
    .mutation(({ ctx, input }) => executions.replay(ctx.key.organizationId, input.id, input)),
  cancel: apiKeyProcedure.input(idParams).output(executionDetailSchema).mutation(({ ctx, input }) => executions.cancel(ctx.key.organizationId, input.id)),
});
