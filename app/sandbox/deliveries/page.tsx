import { listRecentDeliveries } from "@/server/sandbox/sandbox-ui.service";
import { Badge, PageTitle } from "../_components/ui";
import { OutboundQueue } from "./outbound-queue";
import { formatDuration } from "@/server/text/duration";

export const metadata = { title: "Deliveries · sandbox" };

export default async function DeliveriesPage() {
  const deliveries = await listRecentDeliveries();
  return (
    <>
      <PageTitle
        title="Webhook deliveries"
        subtitle="The last 100 webhooks the sandbox providers sent, newest first, and Salesforce's outbound message queue."
      />
      <OutboundQueue />
      <div className="space-y-3" data-testid="deliveries">
        {deliveries.length === 0 ? <p className="text-sm text-slate-500">Nothing sent yet.</p> : null}
        {deliveries.map((d) => (
          <details key={d.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm">
            <summary className="cursor-pointer">
              <Badge tone={d.status !== null && d.status < 300 ? "green" : "amber"}>{d.status ?? "failed"}</Badge>{" "}
              <span className="font-medium">{d.provider}</span> {d.event} → <code className="break-all">{d.url}</code>{" "}
              <span className="text-slate-500">
                · {d.createdAt.toISOString().replace("T", " ").slice(0, 19)} · {formatDuration(d.durationMs)}
              </span>
            </summary>
            {d.error ? <p className="mt-2 text-red-700">{d.error}</p> : null}
            <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{JSON.stringify(d.requestHeaders, null, 2)}</pre>
            <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-50 p-2 text-xs">{d.requestBody}</pre>
            {d.responseBody ? <pre className="mt-2 max-h-40 overflow-auto rounded bg-slate-50 p-2 text-xs">{d.responseBody}</pre> : null}
          </details>
        ))}
      </div>
    </>
  );
}
