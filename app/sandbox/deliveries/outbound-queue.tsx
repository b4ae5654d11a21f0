import { loadOutboundQueue } from "@/server/sandbox/salesforce/salesforce-ui.service";
import { loseNextAckAction } from "../salesforce/actions";
import { Badge, Panel, secondaryButton } from "../_components/ui";

const time = (date: Date | null) => (date ? date.toISOString().replace("T", " ").slice(0, 19) : "—");

/** Salesforce's outbound message queue: what waits for an Ack, with its attempts and next try, and what was settled lately. */
export async function OutboundQueue() {
  const queue = await loadOutboundQueue();
  return (
    <Panel title={`Salesforce outbound messages (${queue.pending.length} waiting for an Ack)`}>
      <p className="mb-3 text-sm text-slate-600">
        A notification is sent until the receiver answers <code>notificationsResponse</code> with <code>&lt;Ack&gt;true&lt;/Ack&gt;</code>. Salesforce retries
        for 24 hours with growing delays; the sandbox waits {queue.schedule.join(", ")} s, then every {queue.schedule.at(-1)} s, and gives up after{" "}
        {queue.giveUpAfterMinutes} minutes.
      </p>
      <form action={loseNextAckAction} className="mb-4 flex flex-wrap items-center gap-3 text-sm">
        <button type="submit" className={secondaryButton}>
          Lose the next Ack
        </button>
        <span className="text-slate-600" data-testid="lose-next-acks">
          {queue.loseNextAcks === 0
            ? "Acks arrive."
            : `The next ${queue.loseNextAcks} Ack${queue.loseNextAcks === 1 ? "" : "s"} will be lost on the way back: the receiver recorded the message, Salesforce sends it again.`}
        </span>
      </form>
      <table className="w-full text-left text-sm" data-testid="outbound-queue">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Notification</th>
            <th className="py-1 pr-3 font-medium">Outbound message</th>
            <th className="py-1 pr-3 font-medium">Status</th>
            <th className="py-1 pr-3 font-medium">Attempts</th>
            <th className="py-1 pr-3 font-medium">Next attempt</th>
            <th className="py-1 font-medium">Last result</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {[...queue.pending, ...queue.recent].map((row) => (
            <tr key={row.id}>
              <td className="py-1 pr-3">
                <code className="text-xs">{row.id}</code>
                <div className="text-xs text-slate-500">
                  {row.sobject} {row.recordId}
                </div>
              </td>
              <td className="py-1 pr-3">{row.message.name}</td>
              <td className="py-1 pr-3">
                <Badge tone={row.status === "delivered" ? "green" : row.status === "expired" ? "violet" : "amber"}>{row.status}</Badge>
              </td>
              <td className="py-1 pr-3">{row.attempts}</td>
              <td className="py-1 pr-3 text-xs">{row.status === "queued" ? time(row.nextAttemptAt) : "—"}</td>
              <td className="py-1 text-xs text-slate-600">{row.lastResult ?? "not sent yet"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
