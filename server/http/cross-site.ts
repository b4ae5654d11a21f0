/**
 * Cross-site request forgery guard for what a browser authenticates with a cookie (the console's
 * session). A browser says where a request comes from with `Sec-Fetch-Site` (all current ones) or
 * at least `Origin` on every POST; a request with neither is not a browser's, and carries no
 * ambient cookie an attacker could borrow. Bearer-token callers (API keys, embed sessions) are
 * never at risk: a forged request cannot add their header.
 */

export interface CrossSiteOptions {
  /** Origins the console is served from besides the request's own host (e.g. PUBLIC_URL). */
  trustedOrigins?: readonly string[];
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

/** Why a cookie-authenticated change must be refused, or null when it comes from our own pages. */
export function crossSiteReason(headers: Headers, options: CrossSiteOptions = {}): string | null {
  const site = headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none") {
    return `the browser marked it ${site} (Sec-Fetch-Site), and console changes are only accepted from the console's own pages`;
  }
  const origin = headers.get("origin");
  if (origin === null) return null;
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  const sent = originOf(origin);
  const trusted = new Set((options.trustedOrigins ?? []).map(originOf).filter((value): value is string => value !== null));
  if (sent !== null && (trusted.has(sent) || (host !== null && new URL(sent).host === host))) return null;
  return `it came from ${origin === "null" ? "an opaque origin" : origin}, not from the console's own pages`;
}
