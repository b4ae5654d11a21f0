/** A collapsible JSON value; closed by default so long payloads do not bury the steps. */
export function JsonBlock({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  if (value === undefined || value === null) return null;
  return (
    <details open={open} className="text-sm">
      <summary className="cursor-pointer select-none font-medium">{label}</summary>
      <pre className="sy-pre mt-1">{typeof value === "string" ? value : JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
