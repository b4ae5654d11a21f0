import { IntegrationDetail } from "../_components/integration-detail";

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <IntegrationDetail id={id} />;
}
