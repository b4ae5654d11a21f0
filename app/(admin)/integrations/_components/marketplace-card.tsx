/** How the integration appears in the embedded marketplace. */
export function MarketplaceCard({ name, description, category, icon }: { name: string; description: string; category: string | null; icon: string | null }) {
  const isUrl = icon ? /^https?:\/\//.test(icon) : false;
  return (
    <article data-testid="marketplace-card" aria-label={`Marketplace card: ${name}`} className="w-72 rounded-xl border border-slate-200 bg-white p-4 shadow-sm">
      <div className="flex items-center gap-3">
        {isUrl ? (
          // eslint-disable-next-line @next/next/no-img-element -- vendor-supplied icon URLs of any host
          <img src={icon!} alt="" className="h-10 w-10 rounded-lg object-contain" />
        ) : (
          <span aria-hidden className="flex h-10 w-10 items-center justify-center rounded-lg bg-brand-50 text-lg font-semibold text-brand-700">
            {(icon || name).slice(0, 1).toUpperCase()}
          </span>
        )}
        <div>
          <h3 className="font-semibold">{name}</h3>
          {category ? <span className="text-xs text-slate-500">{category}</span> : null}
        </div>
      </div>
      <p className="mt-3 line-clamp-3 text-sm text-slate-600">{description || "No description yet."}</p>
      <span className="mt-4 inline-block rounded-md bg-brand-600 px-3 py-1 text-xs font-medium text-white">Activate</span>
    </article>
  );
}
