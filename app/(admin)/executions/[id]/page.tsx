import { routeId } from "../../_components/route-id";
import { ExecutionDetail } from "../_components/execution-detail";

export default async function ExecutionPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <ExecutionDetail id={id} />;
}
