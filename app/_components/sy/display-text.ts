/**
 * How a status reads, its colour, and a name's initials, in plain code: StatusBadge and
 * IntegrationIcon draw them in React, the marketplace frame's markup (app/embed/v1/marketplace/
 * marketplace-markup.ts) as HTML on the server and in its small script.
 */
const tone: Record<string, string> = {
  active: "success",
  succeeded: "success",
  configuring: "muted",
  deploying: "primary",
  queued: "muted",
  running: "primary",
  waiting: "primary",
  paused: "warning",
  removing: "warning",
  cancelled: "muted",
  failed: "danger",
  broken: "danger",
  removed: "muted",
};

const label: Record<string, string> = { configuring: "Not set up yet", active: "Active", broken: "Needs reconnecting" };

export function statusTone(status: string): string {
  return tone[status] ?? "muted";
}

export function statusLabel(status: string): string {
  return label[status] ?? status[0]!.toUpperCase() + status.slice(1);
}

/** The letters drawn in place of a logo: the first two words' initials ("GitHub ↔ Zendesk" → "GZ"). */
export function nameInitials(name: string): string {
  return name
    .split(/[\s↔→&-]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]!.toUpperCase())
    .join("");
}
