"use client";

import { formatDate, StatusBadge } from "../../_components/ui";

const at = (date: Date | null) => formatDate(date?.toISOString());

type EndpointStatus = {
  id: string;
  flowKey: string | null;
  flowName: string | null;
  url: string;
  urlHidden: boolean;
  status: "unverified" | "verified";
  verifiedAt: Date | null;
  lastAcceptedAt: Date | null;
  lastRejectedAt: Date | null;
  lastRejectionReason: string | null;
};

/** Per endpoint: its URL and flow, whether a delivery has passed its verification, and its latest accepted and refused deliveries. */
export function EndpointStatuses({ endpoints }: { endpoints: EndpointStatus[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid="endpoint-statuses">
        <thead className="text-xs text-slate-500">
          <tr>
            <th className="py-1 pr-3 font-medium">Flow</th>
            <th className="py-1 pr-3 font-medium">URL</th>
            <th className="py-1 pr-3 font-medium">Status</th>
            <th className="py-1 pr-3 font-medium">Last accepted</th>
            <th className="py-1 font-medium">Last rejection</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id} data-testid="endpoint-status" data-flow={endpoint.flowKey ?? ""}>
              <td className="py-2 pr-3 align-top">{endpoint.flowName ?? "all flows (dispatching)"}</td>
              <td className="py-2 pr-3 align-top">
                <code
                  className="break-all text-xs text-slate-600"
                  title={endpoint.urlHidden ? "Its token is hidden: owners and admins see the URL whole" : undefined}
                >
                  {endpoint.url}
                </code>
              </td>
              <td
                className="py-2 pr-3 align-top"
                title={endpoint.verifiedAt ? `Verified ${at(endpoint.verifiedAt)}` : "No delivery has passed this endpoint's verification yet"}
              >
                <span data-testid="endpoint-verification">
                  <StatusBadge status={endpoint.status} />
                </span>
                {endpoint.verifiedAt ? <div className="text-xs text-slate-500">{at(endpoint.verifiedAt)}</div> : null}
              </td>
              <td className="py-2 pr-3 align-top text-xs text-slate-600" data-testid="endpoint-last-accepted">
                {endpoint.lastAcceptedAt ? at(endpoint.lastAcceptedAt) : "none yet"}
              </td>
              <td className="py-2 align-top text-xs" data-testid="endpoint-last-rejection">
                {endpoint.lastRejectedAt ? (
                  <>
                    <span className="text-slate-600">{at(endpoint.lastRejectedAt)}</span>
                    <div className="text-red-700">{endpoint.lastRejectionReason}</div>
                  </>
                ) : (
                  <span className="text-slate-500">none</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
