export function Spinner({ label }: { label?: string }) {
  return (
    <span className="inline-flex items-center gap-2" role="status">
      <span className="sy-spinner" aria-hidden="true" />
      {label ? <span className="sy-muted text-sm">{label}</span> : <span className="sr-only">Loading</span>}
    </span>
  );
}
