import { routeId } from "../../../_components/route-id";
import { ConsoleWizard } from "./console-wizard";

export default async function InstanceSetupPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <ConsoleWizard instanceId={id} />;
}
