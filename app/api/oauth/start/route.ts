import { handleOAuthStart } from "@/server/modules/connections/oauth-routes";
import { defaultOAuthSettings } from "@/server/modules/connections/oauth-settings";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The popup opens the start link from `connections.beginOAuth`; this redirects it to the provider. */
export function GET(request: Request) {
  return handleOAuthStart(request, defaultOAuthSettings());
}
