/**
 * The frame's first script, inlined at the top of the page's HTML ahead of everything else (the
 * React pages' bundles; the marketplace page's styles, markup and own script): it says `hello` to
 * the vendor page at once, and when the SDK answers with the token it starts the session exchange
 * straight away, so the exchange runs while the rest of the page loads. An SDK that took over a
 * frame declared in the vendor's HTML says `hello` to it; the script says hello again, and a token
 * it already has starts no second exchange. The shell (embed-shell.tsx, or the marketplace page's
 * marketplace-frame.ts) then takes the messages and the exchange over from
 * `window.__switchyardBoot` and handles everything after that itself. Same origin checks as the
 * shell: messages go only to `parentOrigin`, and only `window.parent` at that origin is heard.
 */
import { EXCHANGE_URL, type ExchangePrefetch } from "./exchange-request";
import { FRAME_SOURCE, PROTOCOL_VERSION, SDK_SOURCE } from "./protocol";

export interface BootState {
  messages: unknown[];
  /** The raw answer of the exchange started for the last token received, if any. */
  exchange: Promise<unknown> | null;
  token: string | null;
  /** The first other origin that posted to the frame (a page that is not its parentOrigin), for the shell's "still waiting" message. */
  stranger: string | null;
  taken: boolean;
}

declare global {
  interface Window {
    __switchyardBoot?: BootState;
  }
}

/**
 * The script's source for one frame. `parentOrigin` is an exact origin checked on the server, so it
 * needs no escaping beyond JSON; `prefetch` is the first page's data the exchange should bring (the
 * marketplace page asks for its listing).
 */
export function bootScript(parentOrigin: string, prefetch: ExchangePrefetch | null = null): string {
  // The request body is exchange-request.ts's exchangeBody, written out (boot-script.test.ts holds them equal).
  return `(function(){
var origin=${JSON.stringify(parentOrigin)},prefetch=${JSON.stringify(prefetch).replace(/</g, "\\u003c")};
if(window.parent===window)return;
var boot=window.__switchyardBoot={messages:[],exchange:null,token:null,stranger:null,taken:false};
window.addEventListener("message",function(e){
if(boot.taken)return;
if(e.origin!==origin||e.source!==window.parent){if(e.origin!==window.location.origin&&!boot.stranger)boot.stranger=e.origin;return;}
var d=e.data;if(!d||typeof d!=="object"||d.source!==${JSON.stringify(SDK_SOURCE)}||d.version!==${PROTOCOL_VERSION})return;
if(d.type==="hello"){window.parent.postMessage({source:${JSON.stringify(FRAME_SOURCE)},version:${PROTOCOL_VERSION},type:"hello"},origin);return;}
if(d.type==="authenticate"&&d.token===boot.token)return;
boot.messages.push(d);
if(d.type==="authenticate"&&typeof d.token==="string"&&d.token){boot.token=d.token;
boot.exchange=fetch(${JSON.stringify(EXCHANGE_URL)},{method:"POST",credentials:"omit",headers:{"content-type":"application/json"},body:JSON.stringify({json:prefetch?{token:d.token,parentOrigin:origin,prefetch:prefetch}:{token:d.token,parentOrigin:origin}})}).then(function(r){return r.json();});
boot.exchange.catch(function(){});}
});
window.parent.postMessage({source:${JSON.stringify(FRAME_SOURCE)},version:${PROTOCOL_VERSION},type:"hello"},origin);
})();`;
}

/** Hands the boot script's state to the shell once; later messages go to the shell's own listener. */
export function takeBoot(): BootState | null {
  const boot = typeof window === "undefined" ? undefined : window.__switchyardBoot;
  if (!boot || boot.taken) return null;
  boot.taken = true;
  return boot;
}
