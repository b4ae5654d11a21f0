import { z } from "zod";
import type { ExecutionListRow, ExecutionSearch, SupportListRow } from "@/server/modules/executions/execution-search.repo";
import { summarizeTrigger } from "@/server/manifest/trigger-kinds/trigger-summary";
import { decodeCursor } from "../pagination";
import { isoDate, toIso } from "./common.schema";

export const executionStatusSchema = z.enum(["queued", "running", "waiting", "succeeded", "failed", "cancelled"]);

export const executionSummarySchema = z.object({
  id: z.uuid(),
  status: executionStatusSchema,
  flowKey: z.string(),
  trigger: z.string().describe("webhook, schedule, manual, replay, instance.deploy, …"),
  instanceId: z.uuid(),
  customer: z.object({ id: z.uuid(), externalId: z.string(), name: z.string() }),
  integration: z.object({ id: z.uuid(), key: z.string(), name: z.string() }),
  version: z.number().int(),
  replayOfId: z.uuid().nullable(),
  error: z.unknown().describe("{ Error, Cause } when the execution failed"),
  createdAt: isoDate,
  startedAt: isoDate.nullable(),
  finishedAt: isoDate.nullable(),
});

export const stepRunSchema = z.object({
  sequence: z.number().int(),
  stateName: z.string(),
  stateType: z.string(),
  attempt: z.number().int(),
  status: z.string(),
  input: z.unknown(),
  output: z.unknown(),
  error: z.unknown(),
  calls: z.unknown().describe("HTTP calls the step made (secrets redacted, bodies truncated)"),
  startedAt: isoDate,
  durationMs: z.number().int(),
});

export const executionDetailSchema = executionSummarySchema.extend({
  waitingFor: z
    .string()
    .nullable()
    .describe(
      "Why an unfinished execution is not running: its turn in its flow's queue (concurrency), a connection's rate budget, a timer, a retry or an event",
    ),
  input: z.unknown(),
  output: z.unknown(),
  steps: z.array(stepRunSchema),
  replays: z.array(z.object({ id: z.uuid(), status: executionStatusSchema, createdAt: isoDate })),
});

const queryDate = z.iso.datetime({ offset: true, message: "must be an ISO 8601 timestamp" }).transform((v) => new Date(v));

export const executionFilterSchema = z.object({
  status: executionStatusSchema.optional(),
  integrationId: z.uuid().optional(),
  customerId: z.uuid().optional(),
  instanceId: z.uuid().optional(),
  flowKey: z.string().min(1).optional(),
  from: queryDate.optional().describe("Created at or after"),
  to: queryDate.optional().describe("Created before"),
  q: z.string().trim().min(1).max(200).optional().describe("Text to find in the input, output or error (case-insensitive)"),
});

/** A page of the search, as the repository takes it (one row more than the page, to know whether another follows). */
export function toExecutionSearch(query: z.output<typeof executionFilterSchema> & { cursor?: string; limit: number }): ExecutionSearch {
  return {
    status: query.status,
    integrationId: query.integrationId,
    customerId: query.customerId,
    instanceId: query.instanceId,
    flowKey: query.flowKey,
    from: query.from,
    to: query.to,
    text: query.q,
    before: decodeCursor(query.cursor),
    take: query.limit + 1,
  };
}

export const replaySchema = z.object({
  from: z.enum(["start", "failed-state"]).default("start"),
  version: z.enum(["same", "latest"]).default("same"),
});

export const startExecutionSchema = z.object({
  instanceId: z.uuid(),
  flowKey: z.string().min(1),
  input: z.unknown().optional().describe("The payload the flow starts with ($)"),
});

export const startedExecutionSchema = z.object({ id: z.uuid(), status: executionStatusSchema });

export function toExecutionSummary(row: ExecutionListRow): z.infer<typeof executionSummarySchema> {
  return {
    id: row.id,
    status: row.status,
    flowKey: row.flow_key,
    trigger: row.trigger,
    instanceId: row.instance_id,
    customer: { id: row.customer_id, externalId: row.customer_external_id, name: row.customer_name },
    integration: { id: row.integration_id, key: row.integration_key, name: row.integration_name },
    version: row.version,
    replayOfId: row.replay_of_id,
    error: row.error ?? null,
    createdAt: row.created_at.toISOString(),
    startedAt: toIso(row.started_at),
    finishedAt: toIso(row.finished_at),
  };
}

/** A row of the console's executions list: the summary plus what started the run and what it did. */
export const supportExecutionSchema = executionSummarySchema.extend({
  durationMs: z.number().nullable(),
  triggerSummary: z.string().describe('What started the run, e.g. "issue #12 opened"'),
  run: z.object({
    states: z.array(z.string()).describe("The first states the run went through, in order (at most 30)"),
    stepCount: z.number().int(),
    lastState: z.string().nullable(),
    lastStatus: z.string().nullable(),
  }),
});

export function toSupportExecution(row: SupportListRow): z.infer<typeof supportExecutionSchema> {
  return {
    ...toExecutionSummary(row),
    durationMs: row.started_at && row.finished_at ? row.finished_at.getTime() - row.started_at.getTime() : null,
    triggerSummary: summarizeTrigger(row.trigger, row.input, row.event_type),
    run: { states: row.states ?? [], stepCount: row.step_count, lastState: row.last_state, lastStatus: row.last_status },
  };
}
