"use client";

type Endpoint = {
  id: string;
  flowName: string | null;
  url: string;
  status: "unverified" | "verified";
  verifiedAt: Date | null;
  lastAcceptedAt: Date | null;
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
};

/**
 * The instance's webhook addresses in the customer's words: where the app sends its events,
 * whether it has yet (an endpoint is verified by the first event that passes its check), and the
 * last event received or refused, with why.
 */
export function IncomingEvents({ endpoints }: { endpoints: Endpoint[] }) {
  return (
    <ul className="space-y-2" data-testid="incoming-events">
      {endpoints.map((endpoint) => (
        <li key={endpoint.id} className="sy-card space-y-1 p-3 text-sm" data-testid="incoming-endpoint">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">{endpoint.flowName ?? "All events"}</span>
            <span className={`sy-badge ${endpoint.status === "verified" ? "sy-badge-success" : "sy-badge-warning"}`} data-testid="incoming-status">
              {endpoint.status === "verified" ? "Receiving events" : "Waiting for the first event"}
            </span>
          </div>
          <code className="block break-all text-xs sy-muted" data-testid="incoming-url">
            {endpoint.url}
          </code>
          <p className="sy-muted text-xs">
            {endpoint.verifiedAt ? `Connected since ${endpoint.verifiedAt.toLocaleString()}. ` : "No event has arrived at this address yet. "}
            {endpoint.lastAcceptedAt ? `Last event received ${endpoint.lastAcceptedAt.toLocaleString()}.` : ""}
          </p>
          {endpoint.lastRejectedAt ? (
            <p className="text-xs" data-testid="incoming-refused">
              Last event refused {endpoint.lastRejectedAt.toLocaleString()}: {endpoint.lastRejectionReason}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
