import type { AccountLabelContext, AuthMethod } from "@/server/connectors/framework/auth";

/** Userinfo fields that name an account, best first (OpenID Connect, GitHub, Slack, Zendesk shapes). */
const LABEL_FIELDS = ["email", "preferred_username", "login", "name", "username"];

function pickLabel(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const record = value as Record<string, unknown>;
  for (const field of LABEL_FIELDS) if (typeof record[field] === "string" && record[field] !== "") return record[field] as string;
  // Zendesk and Slack wrap the account: { user: { email } }.
  return typeof record.user === "object" ? pickLabel(record.user) : undefined;
}

/**
 * The label shown next to a new connection, from the method the credentials were made with.
 * Called right after credentials are obtained, with an HTTP client that applies them; the hook's
 * errors propagate (callers decide whether a refusal matters), a missing userinfo field does not.
 */
export async function resolveAccountLabel(method: AuthMethod, ctx: AccountLabelContext): Promise<string | undefined> {
  if ("accountLabel" in method && method.accountLabel) return method.accountLabel(ctx);
  if (method.kind === "oauth2" && method.grant === "authorization_code" && method.userinfoUrl) {
    const response = await ctx.http.request({ url: method.userinfoUrl, throwOnHttpError: false });
    return response.status < 400 ? pickLabel(response.body) : undefined;
  }
  return undefined;
}
