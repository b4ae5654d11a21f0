import { routeId } from "../../../_components/route-id";
import { DeployPicker } from "./deploy-picker";

export default async function DeployForCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <DeployPicker customerId={id} />;
}
