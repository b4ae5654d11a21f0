import { sandboxRoute } from "@/server/sandbox/guard";
import { handleSalesforceApi } from "@/server/sandbox/salesforce/salesforce-api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ path?: string[] }> };

/** The simulated Salesforce REST and Tooling API of the sandbox org (instance URL `/sandbox/salesforce`). */
const handler = sandboxRoute(async (request: Request, context: Context) =>
  handleSalesforceApi(request, `/services/data${(await context.params).path?.map((part) => `/${part}`).join("") ?? ""}`),
);

export { handler as DELETE, handler as GET, handler as PATCH, handler as POST };
