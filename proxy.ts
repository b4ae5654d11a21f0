/**
 * Embed pages may be framed only by a page whose origin an organization allows (see
 * server/modules/embed/frame-ancestors.ts). Every other page keeps `frame-ancestors 'none'` from
 * next.config.ts, which leaves /embed/ out.
 */
import { NextResponse, type NextRequest } from "next/server";
import { frameAncestorsFor } from "@/server/modules/embed/frame-ancestors";

export async function proxy(request: NextRequest) {
  const response = NextResponse.next();
  let policy = "frame-ancestors 'none'";
  try {
    policy = await frameAncestorsFor(request.nextUrl.searchParams.get("parentOrigin"));
  } catch {
    // Database unreachable: fail closed, the page then cannot be framed at all.
  }
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("X-Content-Type-Options", "nosniff");
  response.headers.set("Referrer-Policy", "strict-origin-when-cross-origin");
  response.headers.set("Cache-Control", "no-store");
  return response;
}

export const config = { matcher: ["/embed/:path*"] };
