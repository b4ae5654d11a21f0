"use client";

import { useMutation } from "@tanstack/react-query";
import { useCallback, useEffect, useRef, useState } from "react";
import { errorMessage } from "@/app/_components/sy/errors";
import { browserPopupEnvironment, watchOAuthPopup } from "./oauth-popup-watch";
import { useWizardAdapter } from "./wizard-adapter";

export interface OAuthResult {
  connectionId: string | null;
  accountLabel: string | null;
}

const POPUP_FEATURES = "popup=yes,width=560,height=720";

/**
 * Connect button behaviour: open the popup first (inside the click, so it is not blocked), ask
 * the adapter (`connections.beginOAuth`) for the single-use start URL (it carries no session token), send the popup there, and wait for the
 * callback page's `{ source: "switchyard-oauth", ok, connectionId?, accountLabel?, error? }`
 * (oauth-popup-watch.ts).
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
      let watching = true;
      const stopWatching = watchOAuthPopup(popup, browserPopupEnvironment(window), (outcome) => {
        watching = false;
        setBusy(false);
        if (outcome.ok) onDone({ connectionId: outcome.connectionId, accountLabel: outcome.accountLabel });
        else onFailed(outcome.message);
      });
      cleanup.current = stopWatching;
      try {
        const { startUrl } = await beginOAuth(input);
        popup.location.href = startUrl;
      } catch (error) {
        if (!watching) return;
        watching = false;
        stopWatching();
        popup.close();
        setBusy(false);
        onFailed(errorMessage(error));
      }
    },
    [beginOAuth, onDone, onFailed],
  );
  return { connect, busy };
}
