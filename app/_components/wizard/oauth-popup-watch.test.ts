import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  CLOSED_POPUP_GRACE_MS,
  CLOSED_WITHOUT_RESULT,
  POPUP_POLL_MS,
  watchOAuthPopup,
  type OAuthPopupEnvironment,
  type OAuthPopupOutcome,
} from "./oauth-popup-watch";

const origin = "http://localhost:3000";

function setUp() {
  const popup = { closed: false };
  let listener: ((event: MessageEvent) => void) | null = null;
  const environment: OAuthPopupEnvironment = {
    origin,
    addMessageListener(added) {
      listener = added;
      return () => {
        listener = null;
      };
    },
    setInterval: (callback, ms) => setInterval(callback, ms),
    clearInterval: (handle) => clearInterval(handle as ReturnType<typeof setInterval>),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const outcomes: OAuthPopupOutcome[] = [];
  const stop = watchOAuthPopup(popup, environment, (outcome) => outcomes.push(outcome));
  const post = (data: unknown, from: { origin?: string; source?: unknown } = {}) =>
    listener?.({ data, origin: from.origin ?? origin, source: "source" in from ? from.source : popup } as MessageEvent);
  return { popup, outcomes, stop, post, listening: () => listener !== null };
}

describe("watchOAuthPopup", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("reports the connection the callback page announces", () => {
    const { outcomes, post, listening } = setUp();
    post({ source: "switchyard-oauth", ok: true, connectionId: "conn_1", accountLabel: "octo-demo" });
    expect(outcomes).toEqual([{ ok: true, connectionId: "conn_1", accountLabel: "octo-demo" }]);
    expect(listening()).toBe(false);
  });

  it("still takes the message when the popup was seen closed before it arrived", () => {
    const { popup, outcomes, post } = setUp();
    // The callback page posts and closes itself at once; the poll may notice the close first.
    popup.closed = true;
    vi.advanceTimersByTime(POPUP_POLL_MS);
    expect(outcomes).toEqual([]);
    vi.advanceTimersByTime(CLOSED_POPUP_GRACE_MS / 2);
    post({ source: "switchyard-oauth", ok: true, connectionId: "conn_2" });
    vi.advanceTimersByTime(CLOSED_POPUP_GRACE_MS * 2);
    expect(outcomes).toEqual([{ ok: true, connectionId: "conn_2", accountLabel: null }]);
  });

  it("says the window was closed when no message follows the close", () => {
    const { popup, outcomes } = setUp();
    popup.closed = true;
    vi.advanceTimersByTime(POPUP_POLL_MS + CLOSED_POPUP_GRACE_MS);
    expect(outcomes).toEqual([{ ok: false, message: CLOSED_WITHOUT_RESULT }]);
    vi.advanceTimersByTime(10 * CLOSED_POPUP_GRACE_MS);
    expect(outcomes).toHaveLength(1);
  });

  it("passes the provider's refusal on", () => {
    const { outcomes, post } = setUp();
    post({ source: "switchyard-oauth", ok: false, error: "You declined access, so GitHub was not connected." });
    expect(outcomes).toEqual([{ ok: false, message: "You declined access, so GitHub was not connected." }]);
  });

  it("ignores messages from other origins, other windows and other senders", () => {
    const { outcomes, post } = setUp();
    post({ source: "switchyard-oauth", ok: true, connectionId: "forged" }, { origin: "https://evil.example" });
    post({ source: "switchyard-oauth", ok: true, connectionId: "forged" }, { source: {} });
    post({ source: "something-else", ok: true });
    post(null);
    expect(outcomes).toEqual([]);
  });

  it("stops without settling when the wizard stops watching", () => {
    const { popup, outcomes, stop, post, listening } = setUp();
    stop();
    popup.closed = true;
    vi.advanceTimersByTime(POPUP_POLL_MS + CLOSED_POPUP_GRACE_MS);
    post({ source: "switchyard-oauth", ok: true, connectionId: "late" });
    expect(outcomes).toEqual([]);
    expect(listening()).toBe(false);
  });
});
