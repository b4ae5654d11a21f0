import { sandboxRoute } from "@/server/sandbox/guard";
import { handleTokenRequest } from "@/server/sandbox/oauth/token-endpoint";

export const dynamic = "force-dynamic";

export const POST = sandboxRoute(async (request: Request) => handleTokenRequest("acme", request));
