import Link from "next/link";

/** The not-found message: what happened, the likely reasons, and where to go instead. */
export function NotFoundMessage({ links }: { links: Array<{ href: string; label: string }> }) {
  return (
    <div className="space-y-3" data-testid="not-found">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="max-w-xl text-sm text-slate-600">Nothing is at this address. The link may be mistyped or cut short, or what it pointed to was removed.</p>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} className="font-medium text-brand-700 hover:underline">
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
