import { z } from "zod";

import { cronSchema, referenceKeySchema, timezoneSchema } from "@/server/manifest/common.schema";

const UNIT_MINUTES: Record<string, number> = { m: 1, h: 60, d: 1440 };

/** `every: 5m`, `2h`, `1d`: an interval from activation; the scheduler ticks each minute, so 1m is the finest. */
export const everySchema = z
  .string()
  .regex(/^[1-9]\d*[mhd]$/, { error: "must be a number of minutes, hours or days, e.g. 5m, 2h, 1d" })
  .transform((every) => Number(every.slice(0, -1)) * UNIT_MINUTES[every.slice(-1)]);

const pollScheduleSchema = z.union([z.strictObject({ cron: cronSchema, timezone: timezoneSchema.optional() }), z.strictObject({ every: everySchema })]);

/**
 * `{ type: poll, connector, poller, connection, schedule, params, batch }`: on the schedule, ask the
 * connector's poller what changed since the saved cursor and start one execution per new item
 * (`batch: item`, the default) or per group of up to `size` items. Params may read the instance's
 * config with `"key.$": "$$.Config.field"`, as `Parameters` do.
 */
export const pollTriggerSchema = z.strictObject({
  type: z.literal("poll"),
  connector: z.string().min(1),
  poller: referenceKeySchema,
  /** A manifest connection of that connector; optional for pollers of public APIs (http). */
  connection: referenceKeySchema.optional(),
  schedule: pollScheduleSchema,
  params: z.record(z.string(), z.unknown()).default({}),
  batch: z.union([z.literal("item"), z.strictObject({ size: z.int().min(1).max(1000) })]).default("item"),
});

export type PollTrigger = z.infer<typeof pollTriggerSchema>;
