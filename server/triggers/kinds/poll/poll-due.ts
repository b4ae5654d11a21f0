/**
 * When a poll flow is due. `cron` follows the schedule rules (schedules.ts: the latest cron time at
 * or before now, after activation); `every` counts whole intervals from activation, so the first
 * poll is due at once. Either way a tick after downtime polls once, not once per missed time —
 * the cursor makes one poll catch up on everything.
 */
import { dueTime } from "../schedule/schedules";
import type { PollTrigger } from "@/server/manifest/trigger-kinds/poll-trigger.schema";

const MINUTE = 60_000;

export function pollDueTime(schedule: PollTrigger["schedule"], now: Date, activatedAt: Date): Date | null {
  if ("cron" in schedule) return dueTime({ cron: schedule.cron, timezone: schedule.timezone ?? "UTC" }, now, new Date(activatedAt.getTime() - 1));
  const interval = schedule.every * MINUTE;
  const elapsed = now.getTime() - activatedAt.getTime();
  if (elapsed < 0) return null;
  return new Date(activatedAt.getTime() + Math.floor(elapsed / interval) * interval);
}
