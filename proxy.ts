/**
 * Embed pages may be framed only by a page whose origin an organization allows (see
 * server/modules/embed/frame-ancestors.ts); they get the console's other security headers too.
 * Every other page gets its headers from next.config.ts, which leaves /embed/ out.
 */
import { NextResponse, type NextRequest } from "next/server";
import { exactOrigin, FRAME_PATH_HEADER, frameAncestorsFor, PARENT_ORIGIN_HEADER } from "@/server/modules/embed/frame-ancestors";
import { BASE_SECURITY_HEADERS, contentSecurityPolicy, STRICT_TRANSPORT_SECURITY } from "@/server/http/security-headers";

export async function proxy(request: NextRequest) {
  // The embed layout draws the frame for this parentOrigin (its theme, the handshake's target).
  const forwarded = new Headers(request.headers);
  forwarded.set(PARENT_ORIGIN_HEADER, exactOrigin(request.nextUrl.searchParams.get("parentOrigin")) ?? "");
  forwarded.set(FRAME_PATH_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const response = NextResponse.next({ request: { headers: forwarded } });
  let frameAncestors = "'none'";
  try {
    frameAncestors = await frameAncestorsFor(request.nextUrl.searchParams.get("parentOrigin"));
  } catch {
    // Database unreachable: fail closed, the page then cannot be framed at all.
  }
  response.headers.set("Content-Security-Policy", contentSecurityPolicy({ frameAncestors, development: process.env.NODE_ENV === "development" }));
  for (const { key, value } of BASE_SECURITY_HEADERS) response.headers.set(key, value);
  if (request.headers.get("x-forwarded-proto") === "https" || request.nextUrl.protocol === "https:") {
    response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  }
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = { matcher: ["/embed/:path*"] };
