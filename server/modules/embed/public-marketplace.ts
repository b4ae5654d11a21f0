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
import { processSingleton } from "@/server/process-singleton";

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
/** The process's, like frame-ancestors' (server/process-singleton.ts): a settings change forgets it for every copy of this module. */
const cache = processSingleton("embed.publicOrganizations", () => new Map<string, { organization: { id: string; theme: EmbedTheme } | null; at: number }>());

export function forgetPublicOrganizations(): void {
  cache.clear();
  read.pages.clear();
  read.generation++;
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
/**
 * Pages read, the process's, with a generation every forget moves. A page being read is this
 * copy's own promise (its failure is an error of this copy's classes), kept only if no forget
 * came in between.
 */
const read = processSingleton("embed.publicPages", () => ({ pages: new Map<string, { page: MarketplacePage; at: number }>(), generation: 0 }));
const reading = new Map<string, { page: Promise<MarketplacePage>; at: number; generation: number }>();

/**
 * The catalogue page for the frame's first HTML. Kept for a few seconds per organization and
 * filter: every customer's first paint is the same page, and the session's exchange brings the
 * current one (with the customer's instances) right after.
 */
export async function publicMarketplace(parentOrigin: string | null, filter: MarketplaceFilter, now = Date.now()): Promise<MarketplacePage | null> {
  const organization = await publicOrganizationFor(parentOrigin, now);
  if (!organization) return null;
  const key = JSON.stringify([organization.id, filter.search ?? "", filter.category ?? ""]);
  const hit = read.pages.get(key);
  if (hit && now - hit.at < PAGE_TTL_MS) return hit.page;
  const generation = read.generation;
  const inFlight = reading.get(key);
  if (inFlight && inFlight.generation === generation && now - inFlight.at < PAGE_TTL_MS) return inFlight.page;
  const page = listMarketplace(organization.id, null, filter);
  reading.set(key, { page, at: now, generation });
  const done = () => {
    if (reading.get(key)?.page === page) reading.delete(key);
  };
  page.then((listed) => {
    done();
    if (read.generation !== generation) return;
    if (read.pages.size >= MAX_ENTRIES) read.pages.delete(read.pages.keys().next().value!);
    read.pages.set(key, { page: listed, at: now });
  }, done);
  return page;
}
