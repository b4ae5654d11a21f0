/**
 * Seeds what an embedded marketplace needs — an organization with allowed origins, an embed key,
 * and a published, listed integration — through the same services the console uses. Shared by
 * the integration tests and the end-to-end seed (e2e/fixtures/embed-seed.ts).
 */
import { SignJWT, type CryptoKey, type KeyObject } from "jose";
import { publishVersion, pushManifest } from "@/server/modules/integrations/integrations.service";
import { generateSecretKey, registerPublicKey } from "./embed-keys.service";
import { setIntegrationListed } from "./embed-marketplace.repo";
import { saveEmbedSettings } from "./embed-settings.service";

export async function publishListedIntegration(organizationId: string, manifest: string, options: { listed?: boolean } = {}) {
  const pushed = await pushManifest(organizationId, manifest);
  const version = await publishVersion(organizationId, pushed.version.id);
  await setIntegrationListed(organizationId, pushed.integration.id, options.listed ?? true);
  return { integration: pushed.integration, version };
}

export async function prepareEmbedOrganization(
  organizationId: string,
  options: { allowedOrigins: string[]; publicKeyPem?: string; kid?: string; theme?: Record<string, string> },
) {
  await saveEmbedSettings(organizationId, { allowedOrigins: options.allowedOrigins, ...(options.theme ? { theme: options.theme } : {}) });
  if (options.publicKeyPem) return { key: await registerPublicKey(organizationId, { publicKeyPem: options.publicKeyPem, kid: options.kid }), secret: null };
  const key = await generateSecretKey(organizationId, { kid: options.kid });
  return { key, secret: key.secret };
}

export interface EmbedTokenClaims {
  organizationId: string;
  kid: string;
  sub?: string;
  customer?: string;
  customerName?: string;
  /** `mcp` lets the token be handed to an agent for the MCP server. */
  scope?: string;
  /** Seconds from now; defaults to one hour. */
  expiresIn?: number;
  issuedAt?: number;
}

/** Signs a JWT the way a vendor backend does (embed-sdk/README.md). */
export function signEmbedToken(key: CryptoKey | KeyObject | Uint8Array, alg: "RS256" | "HS256", claims: EmbedTokenClaims): Promise<string> {
  const iat = claims.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {};
  if (claims.customer !== undefined) payload.customer = claims.customer;
  if (claims.customerName !== undefined) payload.customerName = claims.customerName;
  if (claims.scope !== undefined) payload.scope = claims.scope;
  const jwt = new SignJWT(payload)
    .setProtectedHeader({ alg, kid: claims.kid })
    .setIssuer(claims.organizationId)
    .setIssuedAt(iat)
    .setExpirationTime(iat + (claims.expiresIn ?? 3600));
  if (claims.sub !== "") jwt.setSubject(claims.sub ?? "user-1");
  return jwt.sign(key);
}
