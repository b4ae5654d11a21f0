import { IntegrationView } from "./integration-view";

export default async function IntegrationPage({ params }: { params: Promise<{ key: string }> }) {
  const { key } = await params;
  return <IntegrationView integrationKey={decodeURIComponent(key)} />;
}
