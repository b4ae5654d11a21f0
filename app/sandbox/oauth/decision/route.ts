import { sandboxRoute } from "@/server/sandbox/guard";
import { handleAuthorizationDecision } from "@/server/sandbox/oauth/decision";

export const dynamic = "force-dynamic";

/** The consent page's Approve / Deny form posts here. */
export const POST = sandboxRoute(async (request: Request) => handleAuthorizationDecision(request));
