/** Open (red), snoozed (amber) or resolved (green): what an incident is now. */
export function IncidentStatus({ incident }: { incident: { status: "open" | "resolved"; snoozedUntil: Date | null } }) {
  const snoozed = incident.status === "open" && incident.snoozedUntil !== null && incident.snoozedUntil > new Date();
  const [label, style] =
    incident.status === "resolved"
      ? ["resolved", "bg-emerald-100 text-emerald-800"]
      : snoozed
        ? ["snoozed", "bg-amber-100 text-amber-800"]
        : ["open", "bg-red-100 text-red-800"];
  return (
    <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${style}`} data-testid="incident-status">
      {label}
    </span>
  );
}
