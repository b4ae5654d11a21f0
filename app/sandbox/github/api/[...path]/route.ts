import { handleGithubApi } from "@/server/sandbox/github/github-api";
import { sandboxRoute } from "@/server/sandbox/guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path: string[] }> };

/** The simulated api.github.com. */
const handler = sandboxRoute(async (request: Request, context: Context) => handleGithubApi(request, `/${(await context.params).path.join("/")}`));

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
