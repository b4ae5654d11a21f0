import { InstanceView } from "./instance-view";

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InstanceView instanceId={id} />;
}
