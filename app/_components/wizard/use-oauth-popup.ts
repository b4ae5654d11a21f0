"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "@/app/_components/sy/errors";
import { useWizardAdapter } from "./wizard-adapter";

export interface OAuthResult {
  connectionId: string | null;
  accountLabel: string | null;
}

const POPUP_FEATURES = "popup=yes,width=560,height=720";
const CLOSED_GRACE_MS = 2_000;

/**
 * Connect button behaviour: open the popup first (inside the click, so it is not blocked), ask
 * the adapter (`connections.beginOAuth`) for the single-use start URL (it carries no session token), send the popup there, and wait for the
 * callback page's `{ source: "switchyard-oauth", ok, connectionId?, accountLabel?, error? }`.
 */
export function useOAuthPopup(onDone: (result: OAuthResult) => void, onFailed: (message: string) => void) {
  const adapter = useWizardAdapter();
  const begin = useMutation({ mutationFn: adapter.beginOAuth });
  const beginOAuth = begin.mutateAsync;
  const [busy, setBusy] = useState(false);
  const cleanup = useRef<() => void>(() => undefined);
  useEffect(() => () => cleanup.current(), []);

  const connect = useCallback(
    async (input: { instanceId: string; key: string; connector: string; connectionId?: string }) => {
      cleanup.current();
      const popup = window.open("about:blank", `switchyard-oauth-${input.key}`, POPUP_FEATURES);
      if (!popup) return onFailed("The sign-in window was blocked. Allow pop-ups for this page and try again.");
      setBusy(true);
      let settled = false;
      const finish = (then: () => void) => {
        if (settled) return;
        settled = true;
        cleanup.current();
        setBusy(false);
        then();
      };
      const onMessage = (event: MessageEvent) => {
        const data = event.data as Record<string, unknown> | null;
        if (event.origin !== window.location.origin || event.source !== popup || !data || data.source !== "switchyard-oauth") return;
        if (data.ok === true) {
          finish(() =>
            onDone({
              connectionId: typeof data.connectionId === "string" ? data.connectionId : null,
              accountLabel: typeof data.accountLabel === "string" ? data.accountLabel : null,
            }),
          );
        } else finish(() => onFailed(typeof data.error === "string" ? data.error : "The provider did not grant access."));
      };
      // The result page posts its message and closes itself at once; the message can arrive after
      // `closed` turns true, so a closed popup counts as abandoned only after a short grace period.
      let closedGrace: number | undefined;
      const closedPoll = window.setInterval(() => {
        if (popup.closed && closedGrace === undefined) {
          closedGrace = window.setTimeout(() => finish(() => onFailed("The sign-in window was closed before the connection was made.")), CLOSED_GRACE_MS);
        }
      }, 500);
      window.addEventListener("message", onMessage);
      cleanup.current = () => {
        window.removeEventListener("message", onMessage);
        window.clearInterval(closedPoll);
        window.clearTimeout(closedGrace);
      };
      try {
        const { startUrl } = await beginOAuth(input);
        popup.location.href = startUrl;
      } catch (error) {
        popup.close();
        finish(() => onFailed(errorMessage(error)));
      }
    },
    [beginOAuth, onDone, onFailed],
  );
  return { connect, busy };
}
