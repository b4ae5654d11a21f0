import { routeId } from "../../_components/route-id";
import { CustomerDetail } from "./customer-detail";

export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <CustomerDetail id={id} />;
}
