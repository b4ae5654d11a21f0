import { ConsoleWizard } from "./console-wizard";

export default async function InstanceSetupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ConsoleWizard instanceId={id} />;
}
