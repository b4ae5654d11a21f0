/**
 * The page the popup ends on. It tells the wizard what happened and closes itself:
 *
 *   window.opener.postMessage({ source: "switchyard-oauth", ok, connectionId?, accountLabel?, error? }, <app origin>)
 *
 * The wizard runs in an iframe on this same origin, so the message is addressed to our own origin
 * and no other window can read it. Without an opener (COOP on the provider's pages, a popup
 * opened as a tab) the page stays open and says, in words, what happened.
 */
import type { OAuthResult } from "./oauth-flow.service";

export const OAUTH_MESSAGE_SOURCE = "switchyard-oauth";

export interface OAuthMessage {
  source: typeof OAUTH_MESSAGE_SOURCE;
  ok: boolean;
  connectionId?: string;
  accountLabel?: string;
  error?: string;
}

export function toOAuthMessage(result: OAuthResult): OAuthMessage {
  if (!result.ok) return { source: OAUTH_MESSAGE_SOURCE, ok: false, error: result.error };
  return { source: OAUTH_MESSAGE_SOURCE, ok: true, connectionId: result.connectionId, ...(result.accountLabel ? { accountLabel: result.accountLabel } : {}) };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script>: no `</script>`, no `<!--`, no line separators JS chokes on. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

export function renderOAuthResultPage(result: OAuthResult, options: { appOrigin: string; nonce: string }): string {
  const title = result.ok ? `${result.connectorName} connected` : "Could not connect";
  const detail = result.ok ? `Connected ${result.connectorName}${result.accountLabel ? ` as ${result.accountLabel}` : ""}.` : result.error;
  const { nonce } = options;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;margin:3rem auto;max-width:32rem;padding:0 1rem;color:#1f2937;line-height:1.5}h1{font-size:1.25rem}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(detail)}</p>
<p id="no-opener" hidden>Go back to the window where you clicked Connect; you can close this one.</p>
</main>
<script nonce="${nonce}">
(function () {
  var message = ${scriptJson(toOAuthMessage(result))};
  var opener = window.opener;
  if (opener && !opener.closed) {
    opener.postMessage(message, ${scriptJson(options.appOrigin)});
    window.close();
  } else {
    document.getElementById("no-opener").hidden = false;
  }
})();
</script>
</body>
</html>`;
}
