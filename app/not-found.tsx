import { Logo } from "./_components/logo";
import { NotFoundMessage } from "./_components/not-found-message";

export const metadata = { title: "Page not found" };

/** Any address the app does not serve. */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-lg space-y-6">
        <Logo markClassName="h-8 w-8" />
        <div className="rounded-xl border border-slate-200 bg-white p-8 shadow-sm">
          <NotFoundMessage links={[{ href: "/", label: "Go to the console" }]} />
        </div>
      </div>
    </main>
  );
}
