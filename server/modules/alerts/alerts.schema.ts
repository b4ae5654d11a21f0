import { z } from "zod";

/** What a rule watches. Each is evaluated every minute by the worker (evaluate-alerts.ts). */
export const ALERT_CONDITIONS = ["execution_failed", "failure_count", "deploy_failed", "connection_needs_reconnect", "rejected_deliveries_spike"] as const;
export type AlertCondition = (typeof ALERT_CONDITIONS)[number];

export const CONDITION_LABELS: Record<AlertCondition, string> = {
  execution_failed: "An execution failed",
  failure_count: "N failed executions within a window",
  deploy_failed: "An instance's deploy failed",
  connection_needs_reconnect: "A connection needs reconnecting",
  rejected_deliveries_spike: "A spike of rejected webhook deliveries",
};

export const CHANNEL_KINDS = ["email", "webhook", "slack"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

const httpUrlSchema = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "Enter an absolute http(s) URL.");

export const alertRuleInputSchema = z
  .object({
    name: z.string().trim().min(1, "Give the rule a name.").max(200),
    condition: z.enum(ALERT_CONDITIONS),
    integrationId: z.uuid().nullable().default(null),
    threshold: z.number().int().min(1).max(100_000).default(1),
    windowMinutes: z.number().int().min(1).max(1440).default(15),
    channelIds: z.array(z.uuid()).max(20).default([]),
    enabled: z.boolean().default(true),
  })
  .refine((rule) => rule.condition !== "failure_count" || rule.threshold >= 2, {
    path: ["threshold"],
    message: "A failure count needs a threshold of at least 2; use “An execution failed” for every failure.",
  });

export type AlertRuleInput = z.input<typeof alertRuleInputSchema>;

export const alertRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  condition: z.enum(ALERT_CONDITIONS),
  integrationId: z.string().nullable(),
  integrationName: z.string().nullable(),
  threshold: z.number(),
  windowMinutes: z.number(),
  channelIds: z.array(z.string()),
  enabled: z.boolean(),
  openIncidents: z.number(),
  createdAt: z.date(),
});

export type AlertRuleView = z.infer<typeof alertRuleSchema>;

const emailListSchema = z.array(z.email("Enter e-mail addresses such as ops@example.com.").max(320)).min(1, "Add at least one recipient.").max(50);

export const alertChannelInputSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("email"), name: z.string().trim().min(1).max(200), recipients: emailListSchema }),
  z.object({ kind: z.literal("webhook"), name: z.string().trim().min(1).max(200), url: httpUrlSchema }),
  z.object({
    kind: z.literal("slack"),
    name: z.string().trim().min(1).max(200),
    channel: z.string().trim().min(1, "Enter the channel's id (C0…) or #name.").max(200),
    /** The bot token (xoxb-…) of the vendor's Slack app; stored encrypted and never shown again. */
    botToken: z
      .string()
      .trim()
      .regex(/^xox[bp]-/, "Enter a Slack bot token (xoxb-…)."),
    /** Where Slack's Web API lives; only for Slack-compatible servers (the sandbox). */
    apiBaseUrl: httpUrlSchema.nullish(),
  }),
]);

export type AlertChannelInput = z.input<typeof alertChannelInputSchema>;

export const alertChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(CHANNEL_KINDS),
  /** Recipients, the URL or the Slack channel: what the channel's list shows. */
  target: z.string(),
  createdAt: z.date(),
});

export type AlertChannelView = z.infer<typeof alertChannelSchema>;

export const smtpSettingsInputSchema = z.object({
  host: z.string().trim().min(1, "Enter the SMTP server's host name.").max(255),
  port: z.number().int().min(1).max(65535),
  security: z.enum(["starttls", "tls", "none"]),
  username: z.string().trim().max(320).nullish(),
  /** Omitted: keep the stored one. */
  password: z.string().max(1000).optional(),
  fromAddress: z.string().trim().min(3, "Enter the sender, e.g. Alerts <alerts@example.com>.").max(320),
});

export type SmtpSettingsInput = z.input<typeof smtpSettingsInputSchema>;

export const smtpSettingsSchema = z.object({
  host: z.string(),
  port: z.number(),
  security: z.enum(["starttls", "tls", "none"]),
  username: z.string().nullable(),
  hasPassword: z.boolean(),
  fromAddress: z.string(),
  updatedAt: z.date(),
});

export const incidentStatusSchema = z.enum(["open", "resolved"]);

export const incidentSummarySchema = z.object({
  id: z.string(),
  ruleId: z.string(),
  ruleName: z.string(),
  condition: z.enum(ALERT_CONDITIONS),
  title: z.string(),
  summary: z.string(),
  status: incidentStatusSchema,
  occurrences: z.number(),
  openedAt: z.date(),
  lastSeenAt: z.date(),
  resolvedAt: z.date().nullable(),
  snoozedUntil: z.date().nullable(),
});

export const incidentDetailSchema = incidentSummarySchema.extend({
  subject: z.object({
    instanceId: z.string().optional(),
    customerId: z.string().optional(),
    integrationId: z.string().optional(),
    connectionId: z.string().optional(),
    executionId: z.string().optional(),
  }),
  notifications: z.array(
    z.object({
      id: z.string(),
      channelName: z.string(),
      channelKind: z.string(),
      event: z.string(),
      status: z.string(),
      attempts: z.number(),
      lastError: z.string().nullable(),
      sentAt: z.date().nullable(),
      createdAt: z.date(),
    }),
  ),
});

export type IncidentDetail = z.infer<typeof incidentDetailSchema>;
