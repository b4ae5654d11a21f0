/**
 * The frame's side of the postMessage protocol (embed-sdk/README.md). Messages are posted only
 * to `parentOrigin`, and accepted only from `window.parent` at that origin.
 */
import { sanitizeTheme, type EmbedTheme } from "@/server/modules/embed/embed-theme";

export const FRAME_SOURCE = "switchyard";
export const SDK_SOURCE = "switchyard-sdk";
export const PROTOCOL_VERSION = 1;

export type FrameEventName = "instance.deployed" | "instance.updated" | "instance.removed" | "connection.failed" | "connection.needsReconnect";

export type FrameMessage =
  | { type: "hello"; reply?: true }
  | { type: "ready" }
  | { type: "signedIn" }
  | { type: "close" }
  | { type: "event"; name: FrameEventName; payload: Record<string, unknown> }
  | { type: "error"; code: string; message: string }
  | { type: "resize"; height: number };

/** `hello` comes from an SDK that took over a frame the page declared in its HTML: the frame may have said its own hello before the SDK listened, so it says it again. */
export type SdkMessage = { type: "authenticate"; token: string; theme: EmbedTheme | null } | { type: "theme"; theme: EmbedTheme } | { type: "hello" };

export function postToParent(parentOrigin: string, message: FrameMessage): void {
  if (typeof window === "undefined" || window.parent === window) return;
  window.parent.postMessage({ source: FRAME_SOURCE, version: PROTOCOL_VERSION, ...message }, parentOrigin);
}

/** Null for anything that is not a well-formed SDK message of our version; theme values are sanitised. */
export function parseSdkMessage(data: unknown): SdkMessage | null {
  if (typeof data !== "object" || data === null) return null;
  const message = data as Record<string, unknown>;
  if (message.source !== SDK_SOURCE || message.version !== PROTOCOL_VERSION) return null;
  if (message.type === "authenticate" && typeof message.token === "string" && message.token.length > 0) {
    return { type: "authenticate", token: message.token, theme: message.theme === undefined ? null : sanitizeTheme(message.theme) };
  }
  if (message.type === "theme") return { type: "theme", theme: sanitizeTheme(message.theme) };
  if (message.type === "hello") return { type: "hello" };
  return null;
}
