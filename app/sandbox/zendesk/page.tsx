import Link from "next/link";
import { listSandboxTickets } from "@/server/sandbox/sandbox-ui.service";
import { Badge, PageTitle, Panel } from "../_components/ui";
import { TokenPanel } from "../_components/token-panel";

export const metadata = { title: "Zendesk · sandbox" };

export default async function ZendeskTickets() {
  const tickets = await listSandboxTickets();
  return (
    <>
      <PageTitle title="Zendesk" subtitle="Tickets of the acme subdomain. You act as the agent." />
      <Panel title={`Tickets (${tickets.length})`}>
        {tickets.length === 0 ? <p className="text-sm text-slate-500">No tickets yet: integrations create them through the API.</p> : null}
        <ul className="divide-y divide-slate-100" data-testid="tickets">
          {tickets.map((ticket) => (
            <li key={ticket.id} className="flex items-center justify-between py-2 text-sm">
              <Link href={`/sandbox/zendesk/tickets/${ticket.id}`} className="font-medium text-brand-700 hover:underline">
                #{ticket.id} {ticket.subject}
              </Link>
              <span className="flex items-center gap-2 text-slate-500">
                {ticket.externalId ? <code className="text-xs">{ticket.externalId}</code> : null}
                <Badge tone={ticket.status === "solved" || ticket.status === "closed" ? "violet" : "green"}>{ticket.status}</Badge>
              </span>
            </li>
          ))}
        </ul>
      </Panel>
      <TokenPanel provider="zendesk" />
    </>
  );
}
