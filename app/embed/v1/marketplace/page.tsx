import { MarketplaceView } from "./marketplace-view";

export default async function MarketplacePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const text = (value: string | string[] | undefined) => (typeof value === "string" ? value.slice(0, 200) : "");
  return <MarketplaceView initialSearch={text(params.search)} initialCategory={text(params.category)} />;
}
