import { ConsentPage } from "@/app/sandbox/_components/consent-page";

export const dynamic = "force-dynamic";
export const metadata = { title: "Allow access? · sandbox Salesforce" };

export default async function AuthorizePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <ConsentPage provider="salesforce" searchParams={await searchParams} />;
}
