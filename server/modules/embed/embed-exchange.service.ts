/**
 * Turns the vendor's JWT into the frame's sealed session: verify the token, check the page that
 * frames us is one of this organization's allowed origins, create the customer on first sight.
 * The frame waits for this answer before it is ready, so independent reads run side by side.
 */
import { AppError } from "@/server/errors";
import { customerOnFirstSight } from "@/server/modules/customers/customers.service";
import { findActiveEmbedKey } from "./embed-keys.repo";
import { findEmbedOrganization } from "./embed-organization.repo";
import { sealEmbedSession, sessionExpiry } from "./embed-session";
import { sanitizeTheme, type EmbedTheme } from "./embed-theme";
import { unverifiedIssuer, verifyEmbedToken, type EmbedClaims } from "./embed-token";
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

type ExchangeInput = { token: string; parentOrigin: string };
type EmbedOrganization = NonNullable<Awaited<ReturnType<typeof findEmbedOrganization>>>;

/** The verified claims and their organization, once the framing page's origin is one it allows. */
async function verifiedCaller(input: ExchangeInput, now: Date): Promise<{ claims: EmbedClaims; organization: EmbedOrganization }> {
  const issuer = unverifiedIssuer(input.token);
  // The organization is read beside the key; it is used only after the signature verified for the same issuer.
  const [claims, organization] = await Promise.all([verifyEmbedToken(input.token, findActiveEmbedKey, now), issuer ? findEmbedOrganization(issuer) : null]);
  if (!organization || organization.id !== claims.organizationId)
    throw new AppError("UNAUTHORIZED", "The token's issuer is not an organization on this server.");
  const origin = normalizeOrigin(input.parentOrigin);
  if (!origin || !organization.allowedOrigins.includes(origin)) throw new ForbiddenOriginError(input.parentOrigin);
  return { claims, organization };
}

function customerOf(claims: EmbedClaims, organization: EmbedOrganization) {
  return customerOnFirstSight(organization.id, claims.customerExternalId, claims.customerName, { field: "customer", label: 'The token\'s "customer" claim' });
}

async function sealSession(
  claims: EmbedClaims,
  organization: EmbedOrganization,
  customer: Awaited<ReturnType<typeof customerOf>>,
  sessionSecret: string,
  now: Date,
): Promise<ExchangeResult> {
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

export async function exchangeEmbedToken(input: ExchangeInput, sessionSecret: string, now = new Date()): Promise<ExchangeResult> {
  const { claims, organization } = await verifiedCaller(input, now);
  return sealSession(claims, organization, await customerOf(claims, organization), sessionSecret, now);
}

/**
 * The exchange, plus the first page's data the frame asked for (the marketplace as this customer
 * sees it). The page is read beside the customer: by the vendor's id for the customer, whose
 * instances a customer seen for the first time does not have.
 */
export async function exchangeForFirstPage(
  input: ExchangeInput & { prefetch?: ExchangePrefetch },
  sessionSecret: string,
  now = new Date(),
): Promise<ExchangeResult & { marketplace: MarketplacePage | null }> {
  const { claims, organization } = await verifiedCaller(input, now);
  const filter = input.prefetch?.marketplace;
  const [customer, marketplace] = await Promise.all([
    customerOf(claims, organization),
    filter ? listMarketplace(organization.id, { customerExternalId: claims.customerExternalId }, filter) : null,
  ]);
  return { ...(await sealSession(claims, organization, customer, sessionSecret, now)), marketplace };
}
