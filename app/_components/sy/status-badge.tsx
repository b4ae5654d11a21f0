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

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`sy-badge sy-badge-${tone[status] ?? "muted"}`} data-testid={testId}>
      {label[status] ?? status[0]!.toUpperCase() + status.slice(1)}
    </span>
  );
}
