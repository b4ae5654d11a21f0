export { formatDuration } from "@/server/text/duration";

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
