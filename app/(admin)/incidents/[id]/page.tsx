import { routeId } from "../../_components/route-id";
import { IncidentDetail } from "./incident-detail";

export const metadata = { title: "Incident" };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const id = await routeId(params);
  return <IncidentDetail id={id} />;
}
