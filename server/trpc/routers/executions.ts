import { z } from "zod";
import { executionOperations } from "@/server/api/operations/executions";
import { runOperation } from "@/server/api/operation";
import { pageOf, pageSchema, paginationQuerySchema } from "@/server/api/pagination";
import { idParams } from "@/server/api/schemas/common.schema";
import { executionFilterSchema, supportExecutionSchema, toExecutionSearch, toSupportExecution } from "@/server/api/schemas/executions.schema";
import { eventDetailSchema } from "@/server/api/schemas/events.schema";
import { MAX_BULK_REPLAY, replayFailedExecutions } from "@/server/modules/executions/bulk-replay.service";
import { executionDashboard } from "@/server/modules/executions/dashboard.service";
import { searchExecutionsForSupport } from "@/server/modules/executions/execution-search.repo";
import { executionGraph } from "@/server/modules/executions/executions.service";
import { consoleProcedure, router } from "../init";
import { consoleProcedureOf } from "../operation-procedures";
import { flowGraphSchema } from "./embed-schemas";

const listInput = paginationQuerySchema.extend(executionFilterSchema.shape);
const statusCounts = z.record(z.string(), z.number());

/** Support may cancel and replay: both only act on runs, never on integrations or settings. */
export const executionsRouter = router({
  list: consoleProcedureOf(executionOperations.list),
  /** The list support reads: each run's duration, what started it ("issue #12 opened") and what it did. */
  supportList: consoleProcedure
    .input(listInput)
    .output(pageSchema(supportExecutionSchema))
    .query(async ({ ctx, input }) => {
      const rows = await searchExecutionsForSupport(ctx.actor.organizationId, toExecutionSearch(input));
      return pageOf(rows, input.limit, (r) => ({ at: r.created_at, id: r.id }), toSupportExecution);
    }),
  get: consoleProcedureOf(executionOperations.get),
  /** The flow drawn with the path this run took. */
  graph: consoleProcedure
    .input(idParams)
    .output(flowGraphSchema.nullable())
    .query(({ ctx, input }) => executionGraph(ctx.actor.organizationId, input.id)),
  /** The delivery that started the execution, as received (secret headers redacted); null when none did. */
  event: consoleProcedure
    .input(idParams)
    .output(eventDetailSchema.nullable())
    .query(async ({ ctx, input }) => (await runOperation(executionOperations.event, ctx.actor.organizationId, input)).event),
  cancel: consoleProcedureOf(executionOperations.cancel),
  replay: consoleProcedureOf(executionOperations.replay),
  bulkReplay: consoleProcedure
    .input(z.object({ executionIds: z.array(z.uuid()).min(1, "Select at least one execution.").max(MAX_BULK_REPLAY) }))
    .output(z.array(z.object({ executionId: z.string(), replayId: z.string().nullable(), error: z.string().nullable() })))
    .mutation(({ ctx, input }) => replayFailedExecutions(ctx.actor.organizationId, input.executionIds)),
  start: consoleProcedureOf(executionOperations.start, "owner", "admin"),
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
