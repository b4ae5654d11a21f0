/**
 * The security headers every answer carries: proxy.ts applies them to pages (with a script nonce
 * per response, and frame-ancestors per organization for embed pages), next.config.ts to the rest
 * but the OAuth routes (which send their own, stricter ones), and the webhook path its own
 * (`API_SECURITY_HEADERS`). Plain module, no path aliases: next.config.ts imports it before the
 * app is compiled.
 */

/** The request header proxy.ts hands a page's script nonce on in, for server components that render an inline script. */
export const NONCE_HEADER = "x-nonce";

/** HSTS for two years once a request arrived over https (behind a proxy that says so). */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * No Cross-Origin-Opener-Policy: the OAuth callback page runs in a popup opened from the embed
 * frame inside the vendor's page, and must keep `window.opener` to report back.
 */
export const BASE_SECURITY_HEADERS: ReadonlyArray<{ key: string; value: string }> = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
];

/**
 * Webhook answers (the web server's direct path, which Next.js's headers never see): JSON or a
 * challenge's text, never a page, so nothing may load, run or frame them.
 */
export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = Object.fromEntries([
  ...BASE_SECURITY_HEADERS.map(({ key, value }) => [key, value]),
  ["Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"],
  ["X-Frame-Options", "DENY"],
]);

/**
 * Only this origin's scripts, styles, images and connections. Pages (proxy.ts) pass a fresh
 * `nonce` per response: Next.js puts it on every script it renders, and no other inline script
 * runs. Without one (API answers, static files) no inline script runs at all. Styles keep
 * 'unsafe-inline' (React writes style attributes, which a nonce cannot cover); development adds
 * 'unsafe-eval' and inline scripts for fast refresh. `frameAncestors` is "'none'" for the console
 * and the allowed origins for embeds.
 */
export function contentSecurityPolicy(options: { frameAncestors: string; nonce?: string; development?: boolean }): string {
  const scripts = options.development ? " 'unsafe-inline' 'unsafe-eval'" : options.nonce ? ` 'nonce-${options.nonce}'` : "";
  return [
    "default-src 'self'",
    `script-src 'self'${scripts}`,
    "style-src 'self' 'unsafe-inline'",
    // https: a vendor's own logo for an integration or connector may live on any https host.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? " ws: wss:" : ""}`,
    "frame-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join("; ");
}
