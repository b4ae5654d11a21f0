"use client";

/**
 * A JSON value, collapsed to one line until opened (keyboard: the summary is focusable). The line
 * shows `preview` when given (what changed, see json-changes.ts), else the value's start. Long
 * lines wrap instead of running off the page.
 */
export function JsonView({ label, value, open = false, preview }: { label: string; value: unknown; open?: boolean; preview?: string | null }) {
  if (value === null || value === undefined) return <p className="text-xs text-slate-400">{label}: none</p>;
  const text = JSON.stringify(value, null, 2);
  const line = preview ?? (text.length > 80 ? `${text.replace(/\s+/g, " ").slice(0, 80)}…` : text.replace(/\s+/g, " "));
  return (
    <details open={open} className="min-w-0 rounded border border-slate-200 bg-slate-50">
      <summary className="cursor-pointer truncate px-2 py-1 text-xs font-medium text-slate-600 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
        {label}{" "}
        <span className="font-mono text-slate-500" data-testid="json-preview">
          {line}
        </span>
      </summary>
      <pre className="max-h-96 overflow-auto whitespace-pre-wrap break-words px-2 py-1 text-xs">{text}</pre>
    </details>
  );
}

/** An execution's or a step's error ({ Error, Cause }) as a readable box that wraps. */
export function ErrorBox({ error }: { error: unknown }) {
  if (!error) return null;
  const detail = typeof error === "object" ? (error as { Error?: unknown; Cause?: unknown }) : { Cause: error };
  const name = typeof detail.Error === "string" ? detail.Error : "Error";
  const cause = typeof detail.Cause === "string" ? detail.Cause : detail.Cause === undefined ? "" : JSON.stringify(detail.Cause, null, 2);
  return (
    <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="error-box">
      <p className="font-mono text-xs font-semibold">{name}</p>
      {cause ? <p className="mt-1 whitespace-pre-wrap break-words [overflow-wrap:anywhere]">{cause}</p> : null}
    </div>
  );
}
