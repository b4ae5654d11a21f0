import { handleOAuthCallback } from "@/server/modules/connections/oauth-routes";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Where providers send the popup back (`redirect_uri`); answers the page that reports to the wizard. */
export function GET(request: Request) {
  return handleOAuthCallback(request, defaultOAuthSettings());
}
