import { routeId } from "../../_components/route-id";
import { InstanceDetail } from "./instance-detail";

export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <InstanceDetail id={id} />;
}
