"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { errorMessage } from "@/app/_components/sy/errors";
import { IntegrationIcon } from "@/app/_components/sy/integration-icon";
import { StatusBadge } from "@/app/_components/sy/status-badge";
import { TokenForm } from "./token-form";
import { useWizardAdapter, useWizardRefresh } from "./wizard-adapter";
import { useOAuthPopup, type OAuthResult } from "./use-oauth-popup";
import type { WizardConnection } from "./wizard-types";

export function ConnectionField({ instanceId, connection, problem }: { instanceId: string; connection: WizardConnection; problem?: string }) {
  const adapter = useWizardAdapter();
  const refresh = useWizardRefresh();
  const [failure, setFailure] = useState<string | null>(null);
  const [typing, setTyping] = useState(false);
  const link = useMutation({ mutationFn: adapter.linkConnection });

  const onDone = useCallback(
    async (result: OAuthResult) => {
      setFailure(null);
      try {
        if (result.connectionId) await link.mutateAsync({ instanceId, connectionKey: connection.key, connectionId: result.connectionId });
      } catch (error) {
        setFailure(errorMessage(error));
      }
      await refresh();
    },
    [connection.key, instanceId, link, refresh],
  );
  const onFailed = useCallback(
    (message: string) => {
      setFailure(message);
      adapter.onConnectionFailed?.(connection, instanceId, message);
    },
    [adapter, connection, instanceId],
  );
  const { connect, busy } = useOAuthPopup(onDone, onFailed);
  const current = connection.connection;
  const errorId = `connection-${connection.key}-error`;
  // "Connect your account" (from Next or Deploy) is moot once the account is connected.
  const message = failure ?? (current?.status === "active" ? undefined : problem);

  return (
    <div className="sy-card flex flex-wrap items-center gap-3 p-3" data-testid={`connection-${connection.key}`}>
      <IntegrationIcon icon={connection.icon} name={connection.label} />
      {/* Wide enough for the name and status; on a phone the buttons wrap below instead of squeezing it. */}
      <div className="min-w-36 flex-1">
        <p className="font-medium">
          {connection.label}
          {connection.required ? null : <span className="sy-muted text-xs"> (optional)</span>}
        </p>
        {current ? (
          <p className="text-sm" data-testid="connected-account">
            <StatusBadge status={current.status === "active" ? "active" : "broken"} />{" "}
            {current.status === "active"
              ? `Connected as ${current.accountLabel ?? "your account"}`
              : (current.statusReason ?? "The connection stopped working.")}
          </p>
        ) : (
          <p className="sy-muted text-sm">Not connected</p>
        )}
        {message ? (
          <p className="sy-field-error mt-1" id={errorId} role="alert">
            {message}
          </p>
        ) : null}
      </div>
      {connection.signIn ? (
        <button
          type="button"
          className={current?.status === "active" ? "sy-btn" : "sy-btn sy-btn-primary"}
          disabled={busy || link.isPending}
          aria-describedby={message ? errorId : undefined}
          onClick={() => connect({ instanceId, key: connection.key, connector: connection.connector, ...(current ? { connectionId: current.id } : {}) })}
        >
          {busy ? "Waiting for sign-in…" : current ? "Reconnect" : `Connect ${connection.label}`}
        </button>
      ) : null}
      {connection.tokenMethods.length > 0 && !typing ? (
        <button
          type="button"
          className={connection.signIn || current?.status === "active" ? "sy-btn" : "sy-btn sy-btn-primary"}
          disabled={busy}
          onClick={() => setTyping(true)}
        >
          {connection.signIn ? "Use a token instead" : current ? "Change details" : `Enter ${connection.label} details`}
        </button>
      ) : null}
      {typing ? (
        <TokenForm
          instanceId={instanceId}
          connection={connection}
          onCancel={() => setTyping(false)}
          onSaved={async () => {
            setTyping(false);
            setFailure(null);
            await refresh();
          }}
        />
      ) : null}
    </div>
  );
}
