import { notFound } from "next/navigation";
import { loadTicketPage } from "@/server/sandbox/sandbox-ui.service";
import { updateTicketAction } from "../../../actions";
import { Badge, inputClass, PageTitle, Panel, primaryButton, secondaryButton } from "../../../_components/ui";

export const metadata = { title: "Ticket · sandbox" };

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const page = /^\d+$/.test(id) ? await loadTicketPage(Number(id)) : null;
  if (!page) notFound();
  const { ticket } = page;
  const done = ticket.status === "solved" || ticket.status === "closed";
  return (
    <>
      <PageTitle title={`#${ticket.id} ${ticket.subject}`} subtitle={ticket.externalId ? `external id ${ticket.externalId}` : undefined} />
      <p className="mb-4">
        <Badge tone={done ? "violet" : "green"}>{ticket.status}</Badge>
      </p>
      <Panel title={`Conversation (${page.comments.length})`}>
        <ol className="space-y-3" data-testid="ticket-comments">
          {page.comments.map((comment) => (
            <li key={comment.id} className={`rounded-md border p-3 text-sm ${comment.public ? "border-slate-100" : "border-amber-200 bg-amber-50"}`}>
              <p className="text-xs text-slate-500">
                {comment.authorName} · {comment.public ? "public reply" : "internal note"}
              </p>
              <p className="mt-1 whitespace-pre-wrap">{comment.body}</p>
            </li>
          ))}
        </ol>
        <form action={updateTicketAction} className="mt-4 space-y-3">
          <input type="hidden" name="id" value={ticket.id} />
          <label className="block text-sm font-medium text-slate-700">
            Agent comment
            <textarea name="body" rows={3} className={`mt-1 ${inputClass}`} />
          </label>
          <fieldset className="flex gap-4 text-sm">
            <legend className="sr-only">Visibility</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="visibility" value="public" defaultChecked /> Public reply
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="visibility" value="private" /> Internal note
            </label>
          </fieldset>
          <div className="flex gap-3">
            <button type="submit" className={primaryButton}>
              Submit
            </button>
            {!done ? (
              <button type="submit" name="status" value="solved" className={secondaryButton}>
                Submit as solved
              </button>
            ) : null}
          </div>
        </form>
      </Panel>
    </>
  );
}
