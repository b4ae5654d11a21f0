import { z } from "zod";

import { eventMatchSchema } from "@/server/engine/definition.schema";
import { configKeySchema, cronSchema, timezoneSchema } from "@/server/manifest/common.schema";
import { pollTriggerSchema } from "@/server/manifest/poll-trigger.schema";
import { toolNameSchema } from "@/server/manifest/tools.schema";
import { dedupeSchema, verifySchema } from "@/server/manifest/verify.schema";

/** Run the flow inside the request and answer with its output; past the timeout, answer 202. */
const syncSchema = z.strictObject({ timeoutMs: z.int().min(100).max(60_000).default(10_000) });

const webhookTriggerSchema = z.strictObject({
  type: z.literal("webhook"),
  verify: verifySchema.optional(),
  match: eventMatchSchema.optional(),
  dedupe: dedupeSchema.optional(),
  sync: syncSchema.optional(),
});

const scheduleTriggerSchema = z
  .strictObject({
    type: z.literal("schedule"),
    cron: cronSchema.optional(),
    timezone: timezoneSchema.optional(),
    /** A `schedule` config field that lets the customer choose cron + time zone. */
    config: configKeySchema.optional(),
  })
  .superRefine((trigger, ctx) => {
    if ((trigger.cron === undefined) === (trigger.config === undefined)) {
      ctx.addIssue({ code: "custom", message: "give either `cron` (with an optional `timezone`) or `config: <schedule field>`" });
    } else if (trigger.config !== undefined && trigger.timezone !== undefined) {
      ctx.addIssue({ code: "custom", path: ["timezone"], message: "the time zone comes from the schedule field when `config` is used" });
    }
  });

const deployTriggerSchema = z.strictObject({
  type: z.literal("instance.deploy"),
  /**
   * Also run after every change of the instance's settings or version, so what the flow set up at
   * a provider follows the change. Only for flows that are safe to run again (they replace what
   * their previous run registered instead of adding a second one).
   */
  onChange: z.boolean().optional(),
});
const removeTriggerSchema = z.strictObject({ type: z.literal("instance.remove") });
const manualTriggerSchema = z.strictObject({ type: z.literal("manual") });

/**
 * Events emitted by other flows or routed in by a per-instance endpoint. Without `eventType` the
 * flow only runs when a subscription or dispatch route names it.
 */
const eventTriggerSchema = z.strictObject({ type: z.literal("event"), eventType: z.string().min(1).optional() });

/**
 * A tool for AI agents and the actions API: a synchronous flow whose input is checked against
 * `inputSchema` (JSON Schema 2020-12, an object) before it starts, and whose output is the answer.
 */
const toolTriggerSchema = z.strictObject({
  type: z.literal("tool"),
  /** Default: the flow key. */
  name: toolNameSchema.optional(),
  /** What the agent reads to decide when to call it; default: the flow's description, else its name. */
  description: z.string().min(1).max(2000).optional(),
  inputSchema: z.record(z.string(), z.unknown()),
  /** The flow only reads (the MCP readOnlyHint); default false. */
  readOnly: z.boolean().default(false),
  /** The flow deletes or overwrites data (the MCP destructiveHint); default false. */
  destructive: z.boolean().default(false),
  /** How long a call waits for the flow's output; past it the caller gets the execution id and the flow finishes in the background. */
  timeoutMs: z.int().min(100).max(60_000).default(30_000),
});

export const triggerSchema = z.discriminatedUnion("type", [
  webhookTriggerSchema,
  scheduleTriggerSchema,
  deployTriggerSchema,
  removeTriggerSchema,
  manualTriggerSchema,
  eventTriggerSchema,
  pollTriggerSchema,
  toolTriggerSchema,
]);

export type Trigger = z.infer<typeof triggerSchema>;
export type TriggerType = Trigger["type"];
export type ToolTrigger = z.infer<typeof toolTriggerSchema>;
