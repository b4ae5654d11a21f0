import { routeId } from "../../_components/route-id";
import { IntegrationDetail } from "../_components/integration-detail";

export default async function IntegrationPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <IntegrationDetail id={id} />;
}
