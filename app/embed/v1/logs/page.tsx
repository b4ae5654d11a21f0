import { LogsView } from "./logs-view";

export default async function LogsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const one = (value: string | string[] | undefined) => (typeof value === "string" && /^[0-9a-f-]{36}$/i.test(value) ? value : undefined);
  return <LogsView instanceId={one(params.instanceId)} executionId={one(params.executionId)} />;
}
