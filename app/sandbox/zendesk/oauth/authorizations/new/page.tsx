import { ConsentPage } from "@/app/sandbox/_components/consent-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Authorize · sandbox" };

export default async function AuthorizePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <ConsentPage provider="zendesk" searchParams={await searchParams} />;
}
