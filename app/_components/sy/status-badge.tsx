import { statusLabel, statusTone } from "./display-text";

export function StatusBadge({ status, testId }: { status: string; testId?: string }) {
  return (
    <span className={`sy-badge sy-badge-${statusTone(status)}`} data-testid={testId}>
      {statusLabel(status)}
    </span>
  );
}
