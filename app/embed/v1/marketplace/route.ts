import type { NextRequest } from "next/server";
import { PARENT_ORIGIN_HEADER } from "@/server/modules/embed/frame-ancestors";
import { publicMarketplace, publicOrganizationFor } from "@/server/modules/embed/public-marketplace";
import { NONCE_HEADER } from "@/server/http/security-headers";
import { marketplaceAssets } from "./marketplace-assets";
import { marketplaceDocument } from "./marketplace-document";

// Every frame is per-request: its frame-ancestors header and script nonce (proxy.ts) are its own.
export const dynamic = "force-dynamic";

/**
 * The embedded marketplace: a page of its own rather than a React page (bench/README.md,
 * bench:embed), drawn here with the organization's public catalogue and made interactive by a
 * few KiB of script (marketplace-frame.ts). proxy.ts has checked parentOrigin and set the headers.
 */
export async function GET(request: NextRequest) {
  const params = request.nextUrl.searchParams;
  // The lengths the marketplace query accepts (marketplaceFilterSchema).
  const filter = { search: params.get("search")?.slice(0, 200) ?? "", category: params.get("category")?.slice(0, 100) ?? "" };
  const parentOrigin = request.headers.get(PARENT_ORIGIN_HEADER) || null;
  const [organization, preview] = parentOrigin
    ? await Promise.all([
        publicOrganizationFor(parentOrigin).catch(() => null),
        publicMarketplace(parentOrigin, { search: filter.search || undefined, category: filter.category || undefined }).catch(() => null),
      ])
    : [null, null];
  const html = marketplaceDocument({
    parentOrigin,
    organizationTheme: organization?.theme ?? {},
    filter,
    preview,
    nonce: request.headers.get(NONCE_HEADER) ?? "",
    assets: marketplaceAssets(),
  });
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8" } });
}
