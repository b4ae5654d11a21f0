import { describe, expect, it } from "vitest";
import { dueTime, scheduleDedupeKey, scheduleOf } from "./schedules";

const at = (iso: string) => new Date(iso);
const activated = at("2026-01-01T00:00:00Z");

describe("schedule due times", () => {
  const everyMinute = { cron: "* * * * *", timezone: "UTC" };

  it("fires the minute that just started, and the same one for every tick within that minute", () => {
    expect(dueTime(everyMinute, at("2026-01-01T12:00:00.000Z"), activated)).toEqual(at("2026-01-01T12:00:00Z"));
    expect(dueTime(everyMinute, at("2026-01-01T12:00:59.999Z"), activated)).toEqual(at("2026-01-01T12:00:00Z"));
    expect(dueTime(everyMinute, at("2026-01-01T12:01:00.200Z"), activated)).toEqual(at("2026-01-01T12:01:00Z"));
  });

  it("after downtime, only the most recent missed time is due (no burst)", () => {
    const hourly = { cron: "0 * * * *", timezone: "UTC" };
    // Down from 09:10 to 13:25: 10:00, 11:00, 12:00 and 13:00 were missed; only 13:00 runs.
    expect(dueTime(hourly, at("2026-01-01T13:25:00Z"), activated)).toEqual(at("2026-01-01T13:00:00Z"));
  });

  it("never fires a time from before the instance was activated", () => {
    const daily = { cron: "0 9 * * *", timezone: "UTC" };
    expect(dueTime(daily, at("2026-01-05T15:00:00Z"), at("2026-01-05T10:00:00Z"))).toBeNull();
    expect(dueTime(daily, at("2026-01-06T09:00:10Z"), at("2026-01-05T10:00:00Z"))).toEqual(at("2026-01-06T09:00:00Z"));
  });

  it("reads cron in the schedule's time zone, across daylight saving", () => {
    const nineInNewYork = { cron: "0 9 * * *", timezone: "America/New_York" };
    expect(dueTime(nineInNewYork, at("2026-01-02T15:00:00Z"), activated)).toEqual(at("2026-01-02T14:00:00Z"));
    expect(dueTime(nineInNewYork, at("2026-07-02T15:00:00Z"), activated)).toEqual(at("2026-07-02T13:00:00Z"));
  });

  it("takes the schedule from the instance's config field, naming the field when it is missing", () => {
    const trigger = { type: "schedule" as const, config: "syncEvery" };
    expect(scheduleOf(trigger, { syncEvery: { cron: "*/5 * * * *", timezone: "Europe/Paris" } })).toEqual({ cron: "*/5 * * * *", timezone: "Europe/Paris" });
    expect(scheduleOf(trigger, {})).toEqual({ problem: 'the schedule config field "syncEvery" has no value' });
    expect(scheduleOf({ type: "schedule", cron: "0 * * * *" }, {})).toEqual({ cron: "0 * * * *", timezone: "UTC" });
  });

  it("keys each due time of each flow separately", () => {
    expect(scheduleDedupeKey("sync", at("2026-01-01T12:00:00Z"))).toBe("schedule:sync:2026-01-01T12:00:00.000Z");
  });
});
