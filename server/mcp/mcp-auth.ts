/**
 * Who is calling the MCP server, always narrowed to one customer of one organization:
 * - a vendor API key (`Bearer sy_live_…`) plus the customer's external id in `X-Switchyard-Customer`
 *   (or `?customer=`), for a vendor's own backend agent;
 * - a customer-scoped JWT the vendor's backend signs with its embed key, the same token as the
 *   embed's, carrying `scope: "mcp"`, for an agent that acts for one customer only.
 * A request that carries an `Origin` (a browser) must come from the app itself or one of the
 * organization's allowed origins, which keeps other web pages (DNS rebinding) out.
 */
import { runtimeConfig } from "@/server/env";
import { AppError } from "@/server/errors";
import { isApiKeyToken, resolveApiKey } from "@/server/modules/api-keys/api-keys.service";
import { upsertCustomer } from "@/server/modules/customers/customers.repo";
import { findActiveEmbedKey } from "@/server/modules/embed/embed-keys.repo";
import { findEmbedOrganization } from "@/server/modules/embed/embed-organization.repo";
import { verifyEmbedToken } from "@/server/modules/embed/embed-token";
import { normalizeOrigin } from "@/server/modules/embed/origin";
import { findCustomerByExternalId } from "@/server/modules/tools/tools.repo";

export const CUSTOMER_HEADER = "x-switchyard-customer";

export interface McpCaller {
  organizationId: string;
  customerId: string;
  customerExternalId: string;
  customerName: string;
  via: "apiKey" | "token";
}

function bearerOf(request: Request): string {
  const token = request.headers
    .get("authorization")
    ?.match(/^Bearer\s+(.+)$/i)?.[1]
    ?.trim();
  if (!token) {
    throw new AppError(
      "UNAUTHORIZED",
      'Send `Authorization: Bearer <token>`: an API key (sy_live_…) with the customer\'s id in X-Switchyard-Customer, or a customer token signed with your embed key with scope "mcp".',
    );
  }
  return token;
}

async function byApiKey(request: Request, token: string) {
  const key = await resolveApiKey(token);
  if (!key) throw new AppError("UNAUTHORIZED", "This API key is unknown or has been revoked.");
  const externalId = request.headers.get(CUSTOMER_HEADER)?.trim() || new URL(request.url).searchParams.get("customer")?.trim();
  if (!externalId)
    throw new AppError("BAD_REQUEST", "Name the customer the agent acts for: its external id in the X-Switchyard-Customer header (or ?customer=).", {
      field: CUSTOMER_HEADER,
    });
  const customer = await findCustomerByExternalId(key.organizationId, externalId);
  if (!customer) throw new AppError("NOT_FOUND", `No customer with the external id "${externalId}" in this organization.`, { field: CUSTOMER_HEADER });
  return { organizationId: key.organizationId, customer };
}

async function byToken(token: string) {
  const claims = await verifyEmbedToken(token, findActiveEmbedKey);
  if (!claims.mcp) throw new AppError("FORBIDDEN", 'This token does not allow MCP: sign it with the claim scope: "mcp".');
  const customer = await upsertCustomer(claims.organizationId, claims.customerExternalId, claims.customerName);
  return { organizationId: claims.organizationId, customer };
}

async function checkOrigin(request: Request, organizationId: string): Promise<void> {
  const header = request.headers.get("origin");
  if (header === null) return;
  const origin = normalizeOrigin(header);
  if (origin && origin === new URL(runtimeConfig().publicUrl).origin) return;
  const organization = await findEmbedOrganization(organizationId);
  if (origin && organization?.allowedOrigins.includes(origin)) return;
  throw new AppError("FORBIDDEN", `${header} is not an allowed origin of this organization. Add it under Settings → Embed in the console.`);
}

export async function authenticateMcp(request: Request): Promise<McpCaller> {
  const token = bearerOf(request);
  const { organizationId, customer } = isApiKeyToken(token) ? await byApiKey(request, token) : await byToken(token);
  await checkOrigin(request, organizationId);
  return {
    organizationId,
    customerId: customer.id,
    customerExternalId: customer.externalId,
    customerName: customer.name,
    via: isApiKeyToken(token) ? "apiKey" : "token",
  };
}
