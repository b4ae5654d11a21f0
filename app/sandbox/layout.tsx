import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { sandboxServes } from "@/server/sandbox/config";
import { ensureSandboxSeeded } from "@/server/sandbox/ensure-seeded";

export const dynamic = "force-dynamic";

/**
 * Every sandbox page is a 404 unless the sandbox serves this visitor (SANDBOX_ENABLED: on by default
 * for `npm start`, to browsers on this machine only).
 */
export default async function SandboxLayout({ children }: { children: React.ReactNode }) {
  if (!sandboxServes(await headers())) notFound();
  await ensureSandboxSeeded();
  return (
    <div className="min-h-screen">
      <header className="border-b border-amber-200 bg-amber-50">
        <nav aria-label="Sandbox" className="mx-auto flex max-w-5xl items-center gap-5 px-6 py-3 text-sm">
          <Link href="/sandbox" className="font-semibold tracking-tight">
            Sandbox providers
          </Link>
          <Link href="/sandbox/github" className="text-slate-700 hover:underline">
            GitHub
          </Link>
          <Link href="/sandbox/zendesk" className="text-slate-700 hover:underline">
            Zendesk
          </Link>
          <Link href="/sandbox/slack" className="text-slate-700 hover:underline">
            Slack
          </Link>
          <Link href="/sandbox/salesforce" className="text-slate-700 hover:underline">
            Salesforce
          </Link>
          <Link href="/sandbox/acme" className="text-slate-700 hover:underline">
            Acme
          </Link>
          <Link href="/sandbox/deliveries" className="text-slate-700 hover:underline">
            Deliveries
          </Link>
          <Link href="/sandbox/vendor" className="text-slate-700 hover:underline">
            Demo vendor
          </Link>
        </nav>
      </header>
      <main className="mx-auto max-w-5xl px-6 py-8">{children}</main>
    </div>
  );
}
