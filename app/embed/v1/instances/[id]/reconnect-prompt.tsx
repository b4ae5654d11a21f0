"use client";

import { ConnectionField } from "@/app/_components/wizard/connection-field";
import type { WizardConnection } from "@/app/_components/wizard/wizard-types";
import { useNeedsReconnectEvents } from "../../_shell/use-needs-reconnect-event";

/**
 * The customer's connections that need reconnecting, at the top of the instance page: why, and
 * the Reconnect button (the OAuth popup, or a token typed in). Reconnecting keeps the connection
 * and runs the executions that waited for it.
 */
export function ReconnectPrompt({ instanceId, integrationKey, connections }: { instanceId: string; integrationKey: string; connections: WizardConnection[] }) {
  useNeedsReconnectEvents(
    connections.map((c) => ({ instanceId, integrationKey, connectionKey: c.key, connector: c.connector, reason: c.connection?.statusReason ?? null })),
  );
  return (
    <section className="sy-prompt space-y-3" role="alert" aria-labelledby="reconnect-heading" data-testid="reconnect-prompt">
      <div>
        <h2 id="reconnect-heading" className="sy-prompt-title font-semibold">
          {connections.length === 1 ? `Reconnect ${connections[0].label}` : "Reconnect your accounts"}
        </h2>
        <p className="text-sm">
          {connections.length === 1 ? "This account stopped working" : "These accounts stopped working"}, so runs that need{" "}
          {connections.length === 1 ? "it" : "them"} are waiting. Reconnect to let them go on.
        </p>
      </div>
      {connections.map((connection) => (
        <ConnectionField key={connection.key} instanceId={instanceId} connection={connection} />
      ))}
    </section>
  );
}
