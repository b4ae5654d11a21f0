/**
 * Schedule triggers: cron + IANA time zone (croner), fixed in the manifest or taken from the
 * instance's `schedule` config value. Time is passed in, never read, so the due-time rules are
 * tested with any clock.
 *
 * Missed-run policy: each tick fires only the most recent due time at or before "now" (and after
 * the instance became active). After downtime, or a pause, a schedule runs once for the latest
 * time it missed — never a burst of every missed time — and then keeps its normal pace.
 */
import { Cron } from "croner";
import { scheduleValueSchema } from "@/server/manifest/config.schema";
import type { Trigger } from "@/server/manifest/trigger.schema";

export interface ScheduleSpec {
  cron: string;
  timezone: string;
}

type ScheduleTrigger = Extract<Trigger, { type: "schedule" }>;

/** The schedule a trigger runs on for this instance, or why it has none. */
export function scheduleOf(trigger: ScheduleTrigger, configValues: Record<string, unknown>): ScheduleSpec | { problem: string } {
  if (trigger.cron !== undefined) return { cron: trigger.cron, timezone: trigger.timezone ?? "UTC" };
  const value = configValues[trigger.config!];
  if (value === undefined || value === null) return { problem: `the schedule config field "${trigger.config}" has no value` };
  const parsed = scheduleValueSchema.safeParse(value);
  if (!parsed.success) return { problem: `the schedule config field "${trigger.config}" does not hold { cron, timezone? }` };
  return { cron: parsed.data.cron, timezone: parsed.data.timezone ?? "UTC" };
}

/**
 * The due time to fire at `now`: the latest cron time at or before `now`, if it is after
 * `notBefore` (activation). Null when nothing is due. A cron with a seconds field still fires at
 * most once per tick (the scheduler ticks every minute).
 */
export function dueTime(spec: ScheduleSpec, now: Date, notBefore: Date): Date | null {
  const cron = new Cron(spec.cron, { timezone: spec.timezone, paused: true });
  try {
    // previousRuns excludes a run exactly at the reference instant; one millisecond later includes it.
    const [latest] = cron.previousRuns(1, new Date(now.getTime() + 1));
    return latest && latest.getTime() > notBefore.getTime() ? latest : null;
  } finally {
    cron.stop();
  }
}

/** One due time is one execution: this key (unique per instance among claimed events) makes it so. */
export function scheduleDedupeKey(flowKey: string, due: Date): string {
  return `schedule:${flowKey}:${due.toISOString()}`;
}
