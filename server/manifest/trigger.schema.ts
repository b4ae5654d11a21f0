import { z } from "zod";

import { eventMatchSchema } from "@/server/engine/definition.schema";
import { configKeySchema, cronSchema, secretSchema, timezoneSchema } from "@/server/manifest/common.schema";
import { pollTriggerSchema } from "@/server/manifest/poll-trigger.schema";
import { toolNameSchema } from "@/server/manifest/tools.schema";

/** Providers whose signing scheme is built in: only the secret is needed. */
export const VERIFY_PRESETS = [
  "github",
  "stripe",
  "slack",
  "twilio",
  "zendesk",
  "pagerduty",
  "shopify",
  "sendgrid",
  "standard-webhooks",
  "svix",
  "salesforce-outbound",
] as const;

const presetVerifySchema = z.strictObject({
  preset: z.enum(VERIFY_PRESETS),
  /** The signing secret; for `salesforce-outbound`, the Salesforce OrganizationId messages must come from. */
  secret: secretSchema,
  /** How old a signed timestamp may be, for presets that sign one (stripe, slack, svix…). */
  toleranceSeconds: z.int().positive().optional(),
});

const headerNameSchema = z.string().regex(/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/, { error: "must be an HTTP header name" });

/**
 * Generic HMAC: `signedPayload` says what was signed, with `{body}` and `{timestamp}` placeholders
 * (e.g. "v0:{timestamp}:{body}" for Slack-like schemes); `prefix` is stripped from the header
 * before comparing (e.g. "sha256=").
 */
const hmacVerifySchema = z.strictObject({
  scheme: z.literal("hmac"),
  secret: secretSchema,
  header: headerNameSchema,
  algorithm: z.enum(["sha1", "sha256", "sha512"]).default("sha256"),
  encoding: z.enum(["hex", "base64"]).default("hex"),
  prefix: z.string().optional(),
  signedPayload: z.string().includes("{body}", { error: "must include {body}" }).optional(),
  timestampHeader: headerNameSchema.optional(),
  toleranceSeconds: z.int().positive().optional(),
});

/** A shared token in a header (GitLab's X-Gitlab-Token), optionally after a prefix such as "Bearer ". */
const headerVerifySchema = z.strictObject({ scheme: z.literal("header"), header: headerNameSchema, prefix: z.string().optional(), secret: secretSchema });

const basicVerifySchema = z.strictObject({ scheme: z.literal("basic"), username: z.string().min(1), password: secretSchema });

/**
 * A subscription handshake: requests matching `when` are answered with the value at `respond`
 * (e.g. Slack's url_verification → `$.body.challenge`) and start no execution.
 */
const challengeVerifySchema = z.strictObject({ scheme: z.literal("challenge"), when: eventMatchSchema, respond: z.string().min(1) });

const schemeVerifySchema = z.discriminatedUnion("scheme", [hmacVerifySchema, headerVerifySchema, basicVerifySchema, challengeVerifySchema]);

const verifyRuleSchema = z.union([presetVerifySchema, schemeVerifySchema]);

/** One rule, or several that must all pass (a challenge rule answers handshakes before the others run). */
export const verifySchema = z.union([verifyRuleSchema, z.array(verifyRuleSchema).min(1)]);

/**
 * Where the idempotency key of a delivery comes from: a header, or a JSONPath into the request.
 * `false` turns a preset's default key off, so every delivery runs (a provider that reuses its
 * delivery id for distinct events, or a flow that must see each retry).
 */
export const dedupeSchema = z.union([
  z.strictObject({ header: headerNameSchema }),
  z.strictObject({ path: z.string().min(1) }),
  z.literal(false, { error: "dedupe must be { header }, { path } or false" }),
]);

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
export type VerifySpec = z.infer<typeof verifySchema>;
export type DedupeSpec = z.infer<typeof dedupeSchema>;
