import { handleAcmeApi } from "@/server/sandbox/acme/acme-api";
import { sandboxRoute } from "@/server/sandbox/guard";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path?: string[] }> };

/** The simulated Acme REST API (the vendor's own app in the demo). */
const handler = sandboxRoute(async (request: Request, context: Context) => handleAcmeApi(request, `/${(await context.params).path?.join("/") ?? ""}`));

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST };
