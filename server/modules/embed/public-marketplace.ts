/**
 * The marketplace as the frame draws it before its session exists, so the cards are in the first
 * HTML the server sends instead of after the token round trip. Only what the catalogue shows every
 * customer of the organization: listed integrations (name, description, category, logo), the
 * categories and the organization's theme; nothing about a customer. The organization is the one
 * whose allowed origins include the framing page's `parentOrigin`; when none or several allow it,
 * there is no public listing and the cards come after the session as before. The browser only
 * lets such a page frame it (frame-ancestors), and the session exchange still checks the origin
 * against the token's organization.
 */
import { listOrganizationsAllowingOrigin } from "./embed-organization.repo";
import { sanitizeTheme, type EmbedTheme } from "./embed-theme";
import { listMarketplace, type MarketplaceFilter, type MarketplacePage } from "./marketplace.service";
import { normalizeOrigin } from "./origin";

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
const cache = new Map<string, { organization: { id: string; theme: EmbedTheme } | null; at: number }>();

export function forgetPublicOrganizations(): void {
  cache.clear();
  pages.clear();
}

/** The one organization that allows `parentOrigin`, with its theme; cached briefly like frame-ancestors. */
export async function publicOrganizationFor(parentOrigin: string | null, now = Date.now()): Promise<{ id: string; theme: EmbedTheme } | null> {
  const origin = parentOrigin ? normalizeOrigin(parentOrigin) : null;
  if (!origin || origin !== parentOrigin) return null;
  const hit = cache.get(origin);
  if (hit && now - hit.at < TTL_MS) return hit.organization;
  const rows = await listOrganizationsAllowingOrigin(origin);
  const organization = rows.length === 1 ? { id: rows[0]!.id, theme: sanitizeTheme(rows[0]!.theme) } : null;
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(origin, { organization, at: now });
  return organization;
}

const PAGE_TTL_MS = 5_000;
const pages = new Map<string, { page: Promise<MarketplacePage>; at: number }>();

/**
 * The catalogue page for the frame's first HTML. Kept for a few seconds per organization and
 * filter: every customer's first paint is the same page, and the session's exchange brings the
 * current one (with the customer's instances) right after.
 */
export async function publicMarketplace(parentOrigin: string | null, filter: MarketplaceFilter, now = Date.now()): Promise<MarketplacePage | null> {
  const organization = await publicOrganizationFor(parentOrigin, now);
  if (!organization) return null;
  const key = JSON.stringify([organization.id, filter.search ?? "", filter.category ?? ""]);
  const hit = pages.get(key);
  if (hit && now - hit.at < PAGE_TTL_MS) return hit.page;
  const page = listMarketplace(organization.id, null, filter);
  if (pages.size >= MAX_ENTRIES) pages.delete(pages.keys().next().value!);
  pages.set(key, { page, at: now });
  page.catch(() => pages.delete(key));
  return page;
}
