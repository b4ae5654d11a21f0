export function WizardProgress({ titles, current }: { titles: string[]; current: number }) {
  return (
    <nav aria-label="Setup progress">
      <p className="sy-muted mb-2 text-xs" data-testid="wizard-step">
        Step {current + 1} of {titles.length}
      </p>
      <ol className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {titles.map((title, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
          <li key={index} className="sy-progress-step flex items-center gap-1" aria-current={index === current ? "step" : undefined}>
            <span className={`sy-badge ${index < current ? "sy-badge-success" : index === current ? "sy-badge-primary" : "sy-badge-muted"}`}>
              {index < current ? "✓" : index + 1}
            </span>
            <span className={index === current ? "" : "sy-muted"}>{title}</span>
          </li>
        ))}
      </ol>
    </nav>
  );
}
