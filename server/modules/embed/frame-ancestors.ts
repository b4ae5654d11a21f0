/**
 * The `frame-ancestors` directive of embed pages. Before the token arrives, the frame does not
 * know its organization, so the `parentOrigin` it was given is allowed as ancestor when SOME
 * organization allows it; the browser then enforces that the real parent is that origin, and the
 * token exchange checks it belongs to the token's organization. Answers are cached briefly.
 */
import { isOriginAllowedAnywhere } from "./embed-organization.repo";
import { normalizeOrigin } from "./origin";
import { processSingleton } from "@/server/process-singleton";

const TTL_MS = 30_000;
const MAX_ENTRIES = 1000;
/**
 * The process's (server/process-singleton.ts): proxy.ts, the embed pages and the settings service
 * that forgets it on a change each run their own copy of this module.
 */
const cache = processSingleton("embed.allowedOrigins", () => new Map<string, { allowed: boolean; at: number }>());

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

/**
 * The request header proxy.ts passes the checked parentOrigin on in, for the embed layout (which
 * cannot read the URL itself) and the marketplace page. Set by the proxy on every embed request, so
 * a value a client sends is always replaced.
 */
export const PARENT_ORIGIN_HEADER = "x-switchyard-parent-origin";

/** `parentOrigin` when it is an exact http(s) origin (no wildcard, path or quote), else null. */
export function exactOrigin(parentOrigin: string | null): string | null {
  const origin = parentOrigin ? normalizeOrigin(parentOrigin) : null;
  return origin && origin === parentOrigin && /^https?:\/\/[A-Za-z0-9.[\]:-]+$/.test(origin) ? origin : null;
}

/** The sources of the directive: the parent's origin when some organization allows it, else 'none'. */
export async function frameAncestorsFor(parentOrigin: string | null, now = Date.now()): Promise<string> {
  // Only an exact origin may reach the header.
  const origin = exactOrigin(parentOrigin);
  if (!origin) return "'none'";
  return (await allowedAnywhere(origin, now)) ? origin : "'none'";
}
