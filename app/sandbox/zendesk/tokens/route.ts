import { sandboxRoute } from "@/server/sandbox/guard";
import { handlePersonalTokenRequest } from "@/server/sandbox/oauth/personal-token-endpoint";

export const dynamic = "force-dynamic";

/** Stands in for the provider's settings page where a person creates a token (see server/sandbox/README.md). */
export const POST = sandboxRoute(async (request: Request) => handlePersonalTokenRequest("zendesk", request));
/** Deleting a token in the provider's settings: later calls with it are refused. */
export const DELETE = sandboxRoute(async (request: Request) => handlePersonalTokenRequest("zendesk", request));
