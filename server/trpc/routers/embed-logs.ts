import { z } from "zod";
import { executionView, listExecutions, replayOwnedExecution } from "@/server/modules/embed/embed-logs.service";
import { embedProcedure, router } from "../init";
import { executionStatusSchema, flowGraphSchema, httpCallSchema, iconSchema, idSchema } from "./embed-schemas";

export const embedLogsRouter = router({
  list: embedProcedure
    .input(
      z.object({
        instanceId: idSchema.optional(),
        status: executionStatusSchema.optional(),
        flowKey: z.string().max(200).optional(),
        from: z.date().optional(),
        to: z.date().optional(),
        cursor: idSchema.optional(),
        limit: z.number().int().min(1).max(100).default(25),
      }),
    )
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            instanceId: z.string(),
            integrationName: z.string(),
            flowKey: z.string(),
            flowName: z.string(),
            trigger: z.string(),
            triggerSummary: z.string(),
            status: executionStatusSchema,
            createdAt: z.date(),
            startedAt: z.date().nullable(),
            finishedAt: z.date().nullable(),
            durationMs: z.number().nullable(),
            isReplay: z.boolean(),
          }),
        ),
        nextCursor: z.string().nullable(),
      }),
    )
    .query(({ ctx, input }) => listExecutions(ctx.session, input)),

  detail: embedProcedure
    .input(z.object({ executionId: idSchema }))
    .output(
      z.object({
        id: z.string(),
        instanceId: z.string(),
        integrationName: z.string(),
        flowKey: z.string(),
        flowName: z.string(),
        flowDescription: z.string().nullable(),
        version: z.number().nullable(),
        trigger: z.string(),
        triggerSummary: z.string(),
        status: executionStatusSchema,
        /** Why an unfinished execution is not running (its turn, a rate budget, a timer…). */
        waitingFor: z.string().nullable(),
        createdAt: z.date(),
        startedAt: z.date().nullable(),
        finishedAt: z.date().nullable(),
        input: z.unknown(),
        output: z.unknown(),
        /** How the run ended in a few words: what it did, or the failure summary. */
        outcome: z.string(),
        /** A failed run: a plain sentence, and the recorded error for a folded technical detail. */
        failure: z.object({ summary: z.string(), detail: z.string().nullable() }).nullable(),
        /** The steps that talked to another app, named by app and action. */
        actions: z.array(z.object({ label: z.string(), connector: z.string().nullable(), app: z.string().nullable(), status: z.string(), icon: iconSchema })),
        replayOfId: z.string().nullable(),
        /** Whether the vendor shows this integration's steps (state names, data, the graph) to customers. */
        showSteps: z.boolean(),
        /** A failed run the manifest lets customers replay. */
        canReplay: z.boolean(),
        steps: z.array(
          z.object({
            sequence: z.number(),
            stateName: z.string(),
            stateType: z.string(),
            attempt: z.number(),
            status: z.string(),
            startedAt: z.date(),
            durationMs: z.number(),
            input: z.unknown(),
            output: z.unknown(),
            error: z.string().nullable(),
            calls: z.array(httpCallSchema),
          }),
        ),
        graph: flowGraphSchema.nullable(),
      }),
    )
    .query(({ ctx, input }) => executionView(ctx.session, input.executionId)),

  replay: embedProcedure
    .input(z.object({ executionId: idSchema, from: z.enum(["start", "failed-state"]).default("start") }))
    .output(z.object({ executionId: z.string() }))
    .mutation(({ ctx, input }) => replayOwnedExecution(ctx.session, input.executionId, input.from)),
});
