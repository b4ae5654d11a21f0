/**
 * Waits for the OAuth popup's verdict: the callback page's `{ source: "switchyard-oauth", … }`
 * message, or the popup closing without one. The callback page posts its message and closes itself
 * straight away, and the browser does not promise which of the two the opener sees first (the
 * message crosses processes; `closed` is polled), so a closed popup only counts as abandoned once a
 * short grace period has passed without its message.
 */

export type OAuthPopupOutcome = { ok: true; connectionId: string | null; accountLabel: string | null } | { ok: false; message: string };

export interface OAuthPopupEnvironment {
  /** The app's origin: the callback page is served from it. */
  origin: string;
  addMessageListener(listener: (event: MessageEvent) => void): () => void;
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const POPUP_POLL_MS = 500;
/** How long a closed popup's message may still be on its way. */
export const CLOSED_POPUP_GRACE_MS = 2_000;

export const CLOSED_WITHOUT_RESULT = "The sign-in window was closed before the connection was made.";

/** Starts watching; `settle` is called once. Answers a function that stops watching without settling. */
export function watchOAuthPopup(
  popup: { readonly closed: boolean },
  environment: OAuthPopupEnvironment,
  settle: (outcome: OAuthPopupOutcome) => void,
): () => void {
  let done = false;
  let graceTimer: unknown;
  const stop = () => {
    done = true;
    removeListener();
    environment.clearInterval(poll);
    if (graceTimer !== undefined) environment.clearTimeout(graceTimer);
  };
  const finish = (outcome: OAuthPopupOutcome) => {
    if (done) return;
    stop();
    settle(outcome);
  };
  const removeListener = environment.addMessageListener((event) => {
    const data = event.data as Record<string, unknown> | null;
    if (event.origin !== environment.origin || event.source !== popup || !data || data.source !== "switchyard-oauth") return;
    if (data.ok === true) {
      finish({
        ok: true,
        connectionId: typeof data.connectionId === "string" ? data.connectionId : null,
        accountLabel: typeof data.accountLabel === "string" ? data.accountLabel : null,
      });
    } else finish({ ok: false, message: typeof data.error === "string" ? data.error : "The provider did not grant access." });
  });
  const poll = environment.setInterval(() => {
    if (!popup.closed || graceTimer !== undefined) return;
    graceTimer = environment.setTimeout(() => finish({ ok: false, message: CLOSED_WITHOUT_RESULT }), CLOSED_POPUP_GRACE_MS);
  }, POPUP_POLL_MS);
  return stop;
}

/** The browser window as the watcher's environment. */
export function browserPopupEnvironment(win: Window): OAuthPopupEnvironment {
  return {
    origin: win.location.origin,
    addMessageListener(listener) {
      win.addEventListener("message", listener);
      return () => win.removeEventListener("message", listener);
    },
    setInterval: (callback, ms) => win.setInterval(callback, ms),
    clearInterval: (handle) => win.clearInterval(handle as number),
    setTimeout: (callback, ms) => win.setTimeout(callback, ms),
    clearTimeout: (handle) => win.clearTimeout(handle as number),
  };
}
