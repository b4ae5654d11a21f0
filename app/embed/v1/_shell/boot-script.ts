/**
 * The frame's first script, inlined in the page's HTML ahead of the app's bundles: it says `hello`
 * to the vendor page at once, and when the SDK answers with the token it starts the session
 * exchange straight away, so the exchange runs while the bundles download instead of after the
 * page has hydrated. The shell (embed-shell.tsx) then takes the messages and the exchange over from
 * `window.__switchyardBoot` and handles everything after that itself. Same origin checks as the
 * shell: messages go only to `parentOrigin`, and only `window.parent` at that origin is heard.
 */
import { EXCHANGE_URL, type ExchangePrefetch } from "./exchange";
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

/** The script's source for one frame. `parentOrigin` is an exact origin checked on the server, so it needs no escaping beyond JSON. */
export function bootScript(parentOrigin: string, prefetch: ExchangePrefetch | undefined): string {
  // The request body is exchange.ts's exchangeBody, written out (boot-script.test.ts holds them equal).
  return `(function(){
var origin=${JSON.stringify(parentOrigin)},prefetch=${JSON.stringify(prefetch ?? null)};
if(window.parent===window)return;
var boot=window.__switchyardBoot={messages:[],exchange:null,token:null,stranger:null,taken:false};
window.addEventListener("message",function(e){
if(boot.taken)return;
if(e.origin!==origin||e.source!==window.parent){if(e.origin!==window.location.origin&&!boot.stranger)boot.stranger=e.origin;return;}
var d=e.data;if(!d||typeof d!=="object"||d.source!==${JSON.stringify(SDK_SOURCE)}||d.version!==${PROTOCOL_VERSION})return;
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
