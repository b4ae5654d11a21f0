export { formatDuration } from "@/server/text/duration";

export function formatTime(date: Date | null): string {
  return date ? date.toLocaleString(undefined, { dateStyle: "short", timeStyle: "medium" }) : "—";
}
