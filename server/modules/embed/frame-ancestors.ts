/**
 * The `frame-ancestors` directive of embed pages. Before the token arrives, the frame does not
 * know its organization, so the `parentOrigin` it was given is allowed as ancestor when SOME
 * organization allows it; the browser then enforces that the real parent is that origin, and the
 * token exchange checks it belongs to the token's organization. Answers are cached briefly.
 */
import { isOriginAllowedAnywhere } from "./embed-organization.repo";
import { normalizeOrigin } from "./origin";

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
const cache = new Map<string, { allowed: boolean; at: number }>();

export function forgetAllowedOrigins(): void {
  cache.clear();
}

async function allowedAnywhere(origin: string, now: number): Promise<boolean> {
  const hit = cache.get(origin);
  if (hit && now - hit.at < TTL_MS) return hit.allowed;
  const allowed = await isOriginAllowedAnywhere(origin);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(origin, { allowed, at: now });
  return allowed;
}

/** The sources of the directive: the parent's origin when some organization allows it, else 'none'. */
export async function frameAncestorsFor(parentOrigin: string | null, now = Date.now()): Promise<string> {
  const origin = parentOrigin ? normalizeOrigin(parentOrigin) : null;
  // Only an exact origin (no wildcard, path or quote) may reach the header.
  if (!origin || origin !== parentOrigin || !/^https?:\/\/[A-Za-z0-9.[\]:-]+$/.test(origin)) return "'none'";
  return (await allowedAnywhere(origin, now)) ? origin : "'none'";
}
