/**
 * Plays the popup's part in tests: opens the start link, follows the provider's redirect, calls
 * the callback with the cookie a browser would send, and runs the result page's script against a
 * fake `window` to capture what it posts to the opener.
 */
import vm from "node:vm";
import { beginOAuth, type BeginOAuthInput } from "@/server/modules/connections/oauth-begin.service";
import { handleOAuthCallback, handleOAuthStart } from "@/server/modules/connections/oauth-routes";
import type { OAuthSettings } from "@/server/modules/connections/oauth-settings";

export interface PageRun {
  posted: Array<{ message: Record<string, unknown>; targetOrigin: string }>;
  closed: boolean;
  noOpenerNoticeShown: boolean;
}

/** Runs the page's inline script as a browser would, with or without an opener window. */
export function runResultPage(html: string, options: { withOpener?: boolean } = {}): PageRun {
  const script = /<script nonce="[^"]+">([\s\S]*?)<\/script>/.exec(html)?.[1];
  if (!script) throw new Error("the result page has no script");
  const run: PageRun = { posted: [], closed: false, noOpenerNoticeShown: false };
  const notice = {
    set hidden(value: boolean) {
      run.noOpenerNoticeShown = !value;
    },
  };
  const opener = { closed: false, postMessage: (message: Record<string, unknown>, targetOrigin: string) => run.posted.push({ message, targetOrigin }) };
  const window = { opener: options.withOpener === false ? null : opener, close: () => void (run.closed = true) };
  vm.runInNewContext(script, { window, document: { getElementById: (id: string) => (id === "no-opener" ? notice : null) } });
  return run;
}

export function cookieFrom(response: Response): string {
  const header = response.headers.get("set-cookie") ?? "";
  return header.split(";")[0];
}

export interface PopupSteps {
  startUrl: string;
  start: Response;
  authorizeUrl: URL;
  callbackUrl: URL;
  cookie: string;
}

/** begin → start → provider; stops before the callback so tests can tamper with it. */
export async function openPopup(scope: { organizationId: string; customerId: string }, input: BeginOAuthInput, settings: OAuthSettings): Promise<PopupSteps> {
  const { startUrl } = await beginOAuth(scope, input, settings);
  const start = await handleOAuthStart(new Request(startUrl), settings);
  const authorizeUrl = new URL(start.headers.get("location") ?? "about:blank");
  const atProvider = await fetch(authorizeUrl, { redirect: "manual" });
  const callbackUrl = new URL(atProvider.headers.get("location") ?? "about:blank");
  return { startUrl, start, authorizeUrl, callbackUrl, cookie: cookieFrom(start) };
}

export async function callBack(url: URL | string, cookie: string | undefined, settings: OAuthSettings) {
  const response = await handleOAuthCallback(new Request(url, { headers: cookie ? { cookie } : {} }), settings);
  const html = await response.text();
  return { response, html, page: runResultPage(html) };
}

/** The whole popup round trip; answers what the wizard receives. */
export async function connectThroughPopup(scope: { organizationId: string; customerId: string }, input: BeginOAuthInput, settings: OAuthSettings) {
  const steps = await openPopup(scope, input, settings);
  const result = await callBack(steps.callbackUrl, steps.cookie, settings);
  return { ...steps, ...result, message: result.page.posted[0]?.message };
}
