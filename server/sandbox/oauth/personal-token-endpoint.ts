import { z } from "zod";

import { jsonResponse, readJson } from "@/server/sandbox/http";
import { mintPersonalToken, revokePersonalToken, SandboxTokenError, type PersonalTokenProvider } from "@/server/sandbox/oauth/personal-tokens";

const requestSchema = z
  .object({
    login: z.string().trim().min(1).max(200).optional(),
    scopes: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  })
  .strict();

/**
 * `POST /sandbox/<provider>/tokens` — what a person does on the provider's settings page, for
 * scripts: `{ "login"?: "octo-demo", "scopes"?: [...] }` → `201 { token, login, scopes }`.
 */
export async function handlePersonalTokenRequest(provider: PersonalTokenProvider, request: Request): Promise<Response> {
  if (request.method === "DELETE") return handleRevokeRequest(provider, request);
  if (request.method !== "POST") return jsonResponse(405, { message: "Use POST (or DELETE to revoke a token)." }, { allow: "POST, DELETE" });
  const body = await readJson(request);
  const parsed = requestSchema.safeParse(body ?? {});
  if (!parsed.success) return jsonResponse(400, { message: `Expected { login?, scopes? }: ${parsed.error.issues[0]?.message ?? "invalid body"}` });
  try {
    return jsonResponse(201, await mintPersonalToken(provider, parsed.data));
  } catch (error) {
    if (error instanceof SandboxTokenError) return jsonResponse(422, { message: error.message });
    throw error;
  }
}

/** `DELETE /sandbox/<provider>/tokens` with `{ "token": "…" }`: the token is revoked (`204`), as deleting it in the provider's settings does. */
async function handleRevokeRequest(provider: PersonalTokenProvider, request: Request): Promise<Response> {
  const parsed = z
    .object({ token: z.string().min(1).max(500) })
    .strict()
    .safeParse((await readJson(request)) ?? {});
  if (!parsed.success) return jsonResponse(400, { message: "Expected { token }." });
  return (await revokePersonalToken(provider, parsed.data.token))
    ? new Response(null, { status: 204 })
    : jsonResponse(404, { message: "No such token, or it was already revoked." });
}
