/**
 * One iframe and its end of the message channel. It only talks to the Switchyard origin and only
 * listens to its own iframe's window; everything else on the page is ignored without a word.
 */
import { helloMessage, parseFrameMessage, type FrameMessage, type SdkMessage } from "./protocol.js";
import type { Clock } from "./types.js";

/** Long enough for a cold server start; a frame blocked by `frame-ancestors` never says hello. */
export const HELLO_TIMEOUT_MS = 20_000;

export interface EmbedFrameOptions {
  window: Window;
  clock: Clock;
  src: string;
  /** An iframe already in the page with this `src` (declared in its HTML, so it started loading before the SDK): used instead of a new one. */
  declared?: HTMLIFrameElement;
  /** The Switchyard origin; messages from anywhere else are dropped. */
  origin: string;
  container: HTMLElement;
  title: string;
  onMessage(message: FrameMessage): void;
  onHelloTimeout(): void;
}

export interface EmbedFrame {
  readonly iframe: HTMLIFrameElement;
  post(message: SdkMessage): void;
  destroy(): void;
}

export function createEmbedFrame(options: EmbedFrameOptions): EmbedFrame {
  const { window, clock, origin } = options;
  const iframe = options.declared ?? window.document.createElement("iframe");
  if (!options.declared) iframe.src = options.src;
  iframe.title ||= options.title;
  // No sandbox attribute: the frame opens OAuth popups and needs its own origin for its session.
  // Cross-origin frames need clipboard-write granted to copy webhook URLs for the customer.
  iframe.setAttribute("allow", "clipboard-write");
  Object.assign(iframe.style, { display: "block", width: "100%", border: "0" });

  let helloTimer: unknown = clock.setTimeout(() => {
    helloTimer = undefined;
    options.onHelloTimeout();
  }, HELLO_TIMEOUT_MS);

  function onWindowMessage(event: MessageEvent): void {
    // contentWindow is read per message: it is null until the iframe is attached and changes
    // if the iframe is moved, so a reference taken at creation could be stale.
    if (event.origin !== origin || event.source === null || event.source !== iframe.contentWindow) return;
    const message = parseFrameMessage(event.data);
    if (!message) return;
    if (message.type === "hello" && helloTimer !== undefined) {
      clock.clearTimeout(helloTimer);
      helloTimer = undefined;
    }
    options.onMessage(message);
  }

  window.addEventListener("message", onWindowMessage);
  if (options.declared) {
    // Its hello may have come before this listener. Until its page is Switchyard's, the browser drops this (the target origin differs) and its own hello comes later.
    iframe.contentWindow?.postMessage(helloMessage(), origin);
  } else {
    options.container.appendChild(iframe);
  }

  return {
    iframe,
    post(message) {
      // Never "*": the target origin makes the browser drop the message (and the token in it)
      // if the frame has navigated anywhere other than Switchyard.
      iframe.contentWindow?.postMessage(message, origin);
    },
    destroy() {
      if (helloTimer !== undefined) clock.clearTimeout(helloTimer);
      helloTimer = undefined;
      window.removeEventListener("message", onWindowMessage);
      iframe.remove();
    },
  };
}
