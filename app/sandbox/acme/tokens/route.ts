import { sandboxRoute } from "@/server/sandbox/guard";
import { handlePersonalTokenRequest } from "@/server/sandbox/oauth/personal-token-endpoint";

export const dynamic = "force-dynamic";

/** Stands in for Acme's Settings → API page where a person creates an API key (see server/sandbox/README.md). */
export const POST = sandboxRoute(async (request: Request) => handlePersonalTokenRequest("acme", request));
