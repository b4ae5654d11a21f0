import { sandboxRoute } from "@/server/sandbox/guard";
import { handleSlackApi } from "@/server/sandbox/slack/slack-api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ method: string }> };

/** The simulated Slack Web API, including oauth.v2.access. */
const handler = sandboxRoute(async (request: Request, context: Context) => handleSlackApi(request, (await context.params).method));

export { handler as GET, handler as POST };
