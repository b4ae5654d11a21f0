import { DeployPicker } from "./deploy-picker";

export default async function DeployForCustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <DeployPicker customerId={id} />;
}
