import { sandboxRoute } from "@/server/sandbox/guard";
import { handleZendeskApi } from "@/server/sandbox/zendesk/zendesk-api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path: string[] }> };

/** The simulated Zendesk Support API (`/api/v2`). */
const handler = sandboxRoute(async (request: Request, context: Context) => handleZendeskApi(request, `/${(await context.params).path.join("/")}`));

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST, handler as PUT };
