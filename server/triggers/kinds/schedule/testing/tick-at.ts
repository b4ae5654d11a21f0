import { fireDueSchedules } from "../schedule-tick";

/** Fires the instance's schedules as the per-minute tick would at `minutes` whole minutes after activation. */
export async function tickAt(instance: { id: string; deployedAt: Date | null }, minutes: number) {
  const firstMinute = Math.ceil((instance.deployedAt!.getTime() + 1) / 60_000) * 60_000;
  const result = await fireDueSchedules({ now: new Date(firstMinute + (minutes - 1) * 60_000 + 5_000) });
  return result.fired.filter((fired) => fired.instanceId === instance.id);
}
