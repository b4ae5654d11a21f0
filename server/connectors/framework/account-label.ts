import type { ConnectorAuth } from "@/server/connectors/framework/auth";
import type { HttpClient } from "@/server/connectors/http/http-client";

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
 * The label shown next to a new connection. Called by the connect flow right after credentials are
 * obtained, with an HTTP client that applies them to every URL (no base URL, so the userinfo host
 * gets them too); failure to find a label is not an error.
 */
export async function resolveAccountLabel(auth: ConnectorAuth, http: HttpClient): Promise<string | undefined> {
  if ("accountLabel" in auth && auth.accountLabel) return auth.accountLabel({ http });
  if (auth.kind === "oauth2" && auth.grant === "authorization_code" && auth.userinfoUrl) {
    const response = await http.request({ url: auth.userinfoUrl, throwOnHttpError: false });
    return response.status < 400 ? pickLabel(response.body) : undefined;
  }
  return undefined;
}
