import { sandboxRoute } from "@/server/sandbox/guard";
import { handleSalesforceApi } from "@/server/sandbox/salesforce/salesforce-api";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Who a Salesforce access token acts as, in which org. */
export const GET = sandboxRoute(async (request: Request) => handleSalesforceApi(request, "/services/oauth2/userinfo"));
