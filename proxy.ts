/**
 * Every page's security headers, per response: a content security policy whose script nonce is
 * fresh each time (Next.js reads it from the request's policy and puts it on the scripts it
 * renders), and for embed pages the frame-ancestors their organization allows
 * (server/modules/embed/frame-ancestors.ts). API answers and static files get theirs from
 * next.config.ts; the OAuth routes set their own.
 */
import { NextResponse, type NextRequest } from "next/server";
import { exactOrigin, frameAncestorsFor, PARENT_ORIGIN_HEADER } from "@/server/modules/embed/frame-ancestors";
import { BASE_SECURITY_HEADERS, contentSecurityPolicy, NONCE_HEADER, STRICT_TRANSPORT_SECURITY } from "@/server/http/security-headers";

export async function proxy(request: NextRequest) {
  const embed = request.nextUrl.pathname.startsWith("/embed/");
  let frameAncestors = "'none'";
  if (embed) {
    try {
      frameAncestors = await frameAncestorsFor(request.nextUrl.searchParams.get("parentOrigin"));
    } catch {
      // Database unreachable: fail closed, the page then cannot be framed at all.
    }
  }
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ frameAncestors, nonce, development: process.env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.set(NONCE_HEADER, nonce);
  if (embed) {
    // The embed layout draws the frame for this parentOrigin (its theme, the handshake's target).
    requestHeaders.set(PARENT_ORIGIN_HEADER, exactOrigin(request.nextUrl.searchParams.get("parentOrigin")) ?? "");
  }

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  for (const { key, value } of BASE_SECURITY_HEADERS) response.headers.set(key, value);
  // The console may never be framed; embed pages are framed as frame-ancestors says.
  if (!embed) response.headers.set("X-Frame-Options", "DENY");
  if (request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:") {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  if (embed) response.headers.set("Cache-Control", "no-store");
  return response;
}

/** Pages only: not API routes, Next.js's static files or the SDK bundle. */
export const config = { matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico|embed\\.js).*)"] };
