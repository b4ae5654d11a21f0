import { IncidentsList } from "./incidents-list";

export const metadata = { title: "Incidents" };

export default function IncidentsPage() {
  return <IncidentsList />;
}
