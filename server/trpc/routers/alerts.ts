import { z } from "zod";
import {
  createAlertChannel,
  createAlertRule,
  deleteAlertChannel,
  deleteAlertRule,
  listAlertChannels,
  listAlertRules,
  removeSmtpSettings,
  rotateWebhookSecret,
  saveSmtpSettings,
  sendTestNotification,
  setAlertRuleEnabled,
  smtpSettingsOf,
  updateAlertRule,
} from "@/server/modules/alerts/alerts.service";
import {
  alertChannelInputSchema,
  alertChannelSchema,
  alertRuleInputSchema,
  alertRuleSchema,
  incidentDetailSchema,
  incidentSummarySchema,
  smtpSettingsInputSchema,
  smtpSettingsSchema,
} from "@/server/modules/alerts/alerts.schema";
import { incidentDetail, incidentsPage, snooze, SNOOZE_HOURS } from "@/server/modules/alerts/incidents.service";
import { consoleProcedure, consoleProcedureFor, router } from "../init";

const editor = consoleProcedureFor("owner", "admin");
const idInput = z.object({ id: z.uuid() });
const done = z.object({ ok: z.literal(true) });

/** Alert rules, their channels and the SMTP server: support reads, owners and admins change. */
export const alertsRouter = router({
  rules: consoleProcedure.output(z.array(alertRuleSchema)).query(({ ctx }) => listAlertRules(ctx.actor.organizationId)),
  createRule: editor
    .input(alertRuleInputSchema)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => createAlertRule(ctx.actor.organizationId, input)),
  updateRule: editor
    .input(z.object({ id: z.uuid(), rule: alertRuleInputSchema }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => updateAlertRule(ctx.actor.organizationId, input.id, input.rule)),
  setRuleEnabled: editor
    .input(z.object({ id: z.uuid(), enabled: z.boolean() }))
    .output(done)
    .mutation(async ({ ctx, input }) => {
      await setAlertRuleEnabled(ctx.actor.organizationId, input.id, input.enabled);
      return { ok: true as const };
    }),
  deleteRule: editor
    .input(idInput)
    .output(done)
    .mutation(async ({ ctx, input }) => {
      await deleteAlertRule(ctx.actor.organizationId, input.id);
      return { ok: true as const };
    }),

  channels: consoleProcedure.output(z.array(alertChannelSchema)).query(({ ctx }) => listAlertChannels(ctx.actor.organizationId)),
  /** A webhook channel's signing secret is in this answer only. */
  createChannel: editor
    .input(alertChannelInputSchema)
    .output(z.object({ channel: alertChannelSchema, signingSecret: z.string().nullable() }))
    .mutation(({ ctx, input }) => createAlertChannel(ctx.actor.organizationId, input)),
  rotateChannelSecret: editor
    .input(idInput)
    .output(z.object({ signingSecret: z.string() }))
    .mutation(({ ctx, input }) => rotateWebhookSecret(ctx.actor.organizationId, input.id)),
  /** Sends a test message to the channel now; answers whether it was delivered and what went wrong. */
  testChannel: editor
    .input(idInput)
    .output(z.object({ delivered: z.boolean(), message: z.string() }))
    .mutation(({ ctx, input }) => sendTestNotification(ctx.actor.organizationId, input.id)),
  deleteChannel: editor
    .input(idInput)
    .output(done)
    .mutation(async ({ ctx, input }) => {
      await deleteAlertChannel(ctx.actor.organizationId, input.id);
      return { ok: true as const };
    }),

  smtp: consoleProcedure.output(smtpSettingsSchema.nullable()).query(({ ctx }) => smtpSettingsOf(ctx.actor.organizationId)),
  saveSmtp: editor
    .input(smtpSettingsInputSchema)
    .output(smtpSettingsSchema)
    .mutation(({ ctx, input }) => saveSmtpSettings(ctx.actor.organizationId, input)),
  removeSmtp: editor.output(done).mutation(async ({ ctx }) => {
    await removeSmtpSettings(ctx.actor.organizationId);
    return { ok: true as const };
  }),
});

/** Incidents: everyone in the console reads them; snoozing is on-call work, so support may snooze too. */
export const incidentsRouter = router({
  list: consoleProcedure
    .input(
      z.object({
        status: z.enum(["open", "resolved"]).optional(),
        ruleId: z.uuid().optional(),
        limit: z.number().int().min(1).max(100).default(50),
        cursor: z.uuid().optional(),
      }),
    )
    .output(z.object({ items: z.array(incidentSummarySchema), nextCursor: z.string().nullable(), openCount: z.number() }))
    .query(({ ctx, input }) => incidentsPage(ctx.actor.organizationId, input)),
  get: consoleProcedure
    .input(idInput)
    .output(incidentDetailSchema)
    .query(({ ctx, input }) => incidentDetail(ctx.actor.organizationId, input.id)),
  snooze: consoleProcedure
    .input(
      z.object({
        id: z.uuid(),
        hours: z.union(SNOOZE_HOURS.map((h) => z.literal(h)) as [z.ZodLiteral<1>, z.ZodLiteral<4>, z.ZodLiteral<24>, z.ZodLiteral<168>]).nullable(),
      }),
    )
    .output(incidentDetailSchema)
    .mutation(({ ctx, input }) => snooze(ctx.actor.organizationId, input.id, input.hours)),
});
