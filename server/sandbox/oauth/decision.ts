import { isSandboxProvider } from "@/server/sandbox/config";
import { readFields } from "@/server/sandbox/http";
import { decideAuthorization } from "@/server/sandbox/oauth/oauth.service";

/**
 * The consent page's form target (`POST /sandbox/oauth/decision`): Approve or Deny, then a 303 back
 * to the app's redirect URI with `code` + `state` or `error=access_denied`. The request is checked
 * again here, as the hidden fields come back from the browser.
 */
export async function handleAuthorizationDecision(request: Request): Promise<Response> {
  const fields = await readFields(request);
  if (!isSandboxProvider(fields.provider)) return plain(400, "Unknown sandbox provider.");
  const result = await decideAuthorization(
    fields.provider,
    {
      clientId: fields.client_id ?? "",
      redirectUri: fields.redirect_uri ?? "",
      scope: fields.scope ?? "",
      state: fields.state ?? "",
      codeChallenge: fields.code_challenge || undefined,
      codeChallengeMethod: fields.code_challenge_method || undefined,
    },
    { approve: fields.decision === "approve", accountId: Number(fields.account_id) },
  );
  if ("error" in result) return plain(400, result.error);
  return new Response(null, { status: 303, headers: { location: result.redirectTo, "cache-control": "no-store" } });
}

function plain(status: number, message: string): Response {
  return new Response(message, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
}
