"use client";

/** A JSON value, collapsed to one line until opened (keyboard: the summary is focusable). */
export function JsonView({ label, value, open = false }: { label: string; value: unknown; open?: boolean }) {
  if (value === null || value === undefined) return <p className="text-xs text-slate-400">{label}: none</p>;
  const text = JSON.stringify(value, null, 2);
  return (
    <details open={open} className="rounded border border-slate-200 bg-slate-50">
      <summary className="cursor-pointer px-2 py-1 text-xs font-medium text-slate-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        {label} <span className="font-mono text-slate-400">{text.length > 80 ? `${text.replace(/\s+/g, " ").slice(0, 80)}…` : text.replace(/\s+/g, " ")}</span>
      </summary>
      <pre className="max-h-96 overflow-auto px-2 py-1 text-xs">{text}</pre>
    </details>
  );
}
