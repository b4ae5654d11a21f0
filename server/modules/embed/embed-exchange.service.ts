/**
 * Turns the vendor's JWT into the frame's sealed session: verify the token, check the page that
 * frames us is one of this organization's allowed origins, create the customer on first sight.
 */
import { AppError } from "@/server/errors";
import { customerOnFirstSight } from "@/server/modules/customers/customers.service";
import { findActiveEmbedKey } from "./embed-keys.repo";
import { findEmbedOrganization } from "./embed-organization.repo";
import { sealEmbedSession, sessionExpiry, unsealEmbedSession } from "./embed-session";
import { sanitizeTheme, type EmbedTheme } from "./embed-theme";
import { verifyEmbedToken } from "./embed-token";
import { listMarketplace, type MarketplaceFilter, type MarketplacePage } from "./marketplace.service";
import { normalizeOrigin } from "./origin";

/** Thrown when the framing page is not one of the organization's allowed origins. */
export class ForbiddenOriginError extends AppError {
  readonly reason = "forbidden_origin";
  constructor(origin: string) {
    super("FORBIDDEN", `forbidden_origin: ${origin} is not an allowed origin of this organization. Add it under Settings → Embed in the console.`);
  }
}

export interface ExchangeResult {
  sessionToken: string;
  expiresAt: number;
  organizationName: string;
  customerName: string;
  theme: EmbedTheme;
}

/** What the frame may ask to receive with its session, so its first page needs no second round trip. */
export interface ExchangePrefetch {
  marketplace?: MarketplaceFilter;
}

export async function exchangeEmbedToken(input: { token: string; parentOrigin: string }, sessionSecret: string, now = new Date()): Promise<ExchangeResult> {
  const claims = await verifyEmbedToken(input.token, findActiveEmbedKey, now);
  const organization = await findEmbedOrganization(claims.organizationId);
  if (!organization) throw new AppError("UNAUTHORIZED", "The token's issuer is not an organization on this server.");
  const origin = normalizeOrigin(input.parentOrigin);
  if (!origin || !organization.allowedOrigins.includes(origin)) throw new ForbiddenOriginError(input.parentOrigin);
  const customer = await customerOnFirstSight(organization.id, claims.customerExternalId, claims.customerName, { field: "customer", label: 'The token\'s "customer" claim' });
  const session = {
    organizationId: organization.id,
    customerId: customer.id,
    customerExternalId: customer.externalId,
    userId: claims.userId,
    embedKeyId: claims.embedKeyId,
    expiresAt: sessionExpiry(claims.expiresAt, now.getTime()),
  };
  return {
    sessionToken: await sealEmbedSession(session, sessionSecret),
    expiresAt: session.expiresAt,
    organizationName: organization.name,
    customerName: customer.name,
    theme: sanitizeTheme(organization.theme),
  };
}

/** The exchange, plus the first page's data the frame asked for (the marketplace as this customer sees it). */
export async function exchangeForFirstPage(
  input: { token: string; parentOrigin: string; prefetch?: ExchangePrefetch },
  sessionSecret: string,
): Promise<ExchangeResult & { marketplace: MarketplacePage | null }> {
  const exchanged = await exchangeEmbedToken(input, sessionSecret);
  if (!input.prefetch?.marketplace) return { ...exchanged, marketplace: null };
  const session = await sessionOwner(exchanged.sessionToken, sessionSecret);
  return { ...exchanged, marketplace: await listMarketplace(session, input.prefetch.marketplace) };
}

async function sessionOwner(sessionToken: string, sessionSecret: string) {
  const session = await unsealEmbedSession(sessionToken, sessionSecret);
  if (!session) throw new AppError("UNAUTHORIZED", "The session could not be opened.");
  return session;
}
