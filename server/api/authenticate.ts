import { AppError } from "@/server/errors";
import { isApiKeyToken, resolveApiKey } from "@/server/modules/api-keys/api-keys.service";

export interface ApiCaller {
  organizationId: string;
  apiKeyId: string;
}

/** `Authorization: Bearer sy_live_…` → the key's organization. Every REST route is scoped by it. */
export async function authenticateApiKey(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization");
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) throw new AppError("UNAUTHORIZED", "Send an API key as `Authorization: Bearer sy_live_…` (create one under Settings → API keys).");
  if (!isApiKeyToken(token)) throw new AppError("UNAUTHORIZED", "That bearer token is not an API key; API keys start with `sy_live_`.");
  const key = await resolveApiKey(token);
  if (!key) throw new AppError("UNAUTHORIZED", "This API key is unknown or has been revoked.");
  return { organizationId: key.organizationId, apiKeyId: key.id };
}
