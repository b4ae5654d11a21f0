export default function Loading() {
  return (
    <div role="status" className="flex items-center gap-2 py-12 text-sm text-slate-500">
      <span className="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600" aria-hidden />
      Loading…
    </div>
  );
}
