import { sandboxRoute } from "@/server/sandbox/guard";
import { handleTokenRequest } from "@/server/sandbox/oauth/token-endpoint";

export const dynamic = "force-dynamic";

/** Salesforce's OAuth 2.0 token endpoint (web server flow and refresh). */
export const POST = sandboxRoute(async (request: Request) => handleTokenRequest("salesforce", request));
