import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authOptions } from "@/server/auth/next-auth";
import { needsSetup } from "@/server/modules/auth/setup.service";
import { consoleActorFromUserId, type ConsoleActor } from "@/server/trpc/context";

/**
 * The signed-in console member, or a redirect to set-up or sign-in. Layouts and pages render in
 * parallel, so a page that loads data calls this too instead of relying on its layout's redirect;
 * `cache` makes it one look-up per request.
 */
export const requireConsoleActor = cache(async (): Promise<ConsoleActor> => {
  if (await needsSetup()) redirect("/setup");
  const session = await getServerSession(authOptions());
  const userId = (session?.user as { id?: string } | undefined)?.id;
  const actor = userId ? await consoleActorFromUserId(userId) : null;
  if (!actor) redirect("/login");
  return actor;
});
