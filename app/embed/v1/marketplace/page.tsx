import { publicMarketplace } from "@/server/modules/embed/public-marketplace";
import { MarketplaceView } from "./marketplace-view";

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 200) : "");
  const search = text(params.search);
  const category = text(params.category);
  // The organization's catalogue in the first HTML, before the session exists (public-marketplace.ts).
  const preview = await publicMarketplace(typeof params.parentOrigin === "string" ? params.parentOrigin : null, {
    search: search || undefined,
    category: category || undefined,
  }).catch(() => null);
  return <MarketplaceView initialSearch={search} initialCategory={category} preview={preview} />;
}
