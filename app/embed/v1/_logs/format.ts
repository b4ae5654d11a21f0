export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

export function formatTime(date: Date | null): string {
  return date ? date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }) : "—";
}

export const triggerLabel: Record<string, string> = {
  webhook: "Webhook",
  schedule: "Schedule",
  poll: "Poll",
  manual: "Manual",
  replay: "Replay",
  "instance.deploy": "Deploy",
  "instance.remove": "Remove",
  event: "Event",
};
