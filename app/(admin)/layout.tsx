import Link from "next/link";
import { Logo } from "@/app/_components/logo";
import { TrpcProvider } from "@/app/_components/trpc-provider";
import { requireConsoleActor } from "./_components/console-actor";
import { ConsoleNav } from "./_components/nav";
import { RoleProvider } from "./_components/role";
import { SignOutButton } from "./sign-out-button";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireConsoleActor();

  return (
    <TrpcProvider>
      <RoleProvider role={actor.role}>
        <div className="min-h-screen">
          <header className="border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-6xl items-center justify-between px-6 py-3">
              <Link href="/" className="rounded outline-none focus-visible:ring-2 focus-visible:ring-brand-500">
                <Logo />
              </Link>
              <div className="flex items-center gap-4 text-sm">
                <span className="text-slate-600" data-testid="signed-in-as">
                  {actor.email} · {actor.role}
                </span>
                <SignOutButton />
              </div>
            </div>
          </header>
          <ConsoleNav />
          <main className="mx-auto max-w-6xl px-6 py-8">{children}</main>
        </div>
      </RoleProvider>
    </TrpcProvider>
  );
}
