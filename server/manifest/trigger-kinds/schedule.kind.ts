/**
 * `schedule`: cron + time zone, fixed in the manifest or chosen by the customer in a `schedule`
 * config field. How it fires: the per-minute tick (server/triggers/kinds/schedule/schedule-tick.ts) starts
 * one execution per due time (schedules.ts beside it says which).
 */
import { z } from "zod";
import { configKeySchema, cronSchema, timezoneSchema } from "@/server/manifest/common.schema";
import { checkConfigFieldReference } from "@/server/manifest/reference-checks";
import { asText } from "./label-text";
import { defineTriggerKind, type JsonObject } from "./trigger-kind";

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

function scheduleSummary(input: JsonObject): string {
  const at = asText(input.scheduledTime);
  const date = at ? new Date(at) : null;
  if (!date || Number.isNaN(date.getTime())) return "on its schedule";
  const zone = asText(input.timezone) ?? "UTC";
  try {
    return `scheduled for ${date.toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: zone })} ${zone}`;
  } catch {
    return `scheduled for ${date.toISOString().slice(11, 16)} UTC`;
  }
}

export const scheduleKind = defineTriggerKind({
  type: "schedule",
  schema: scheduleTriggerSchema,
  check(trigger, path, ctx) {
    if (trigger.config !== undefined) checkConfigFieldReference(trigger, path, new Set(["schedule"]), "a schedule trigger", ctx);
  },
  label: (input) => scheduleSummary(input),
});
