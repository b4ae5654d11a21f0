/**
 * The postMessage protocol between the SDK (parent page) and the Switchyard frame. The server's
 * `/embed/v1/...` pages implement the other side; the README documents both directions.
 */
import type { Theme } from "./types.js";

export const FRAME_SOURCE = "switchyard";
export const SDK_SOURCE = "switchyard-sdk";
export const PROTOCOL_VERSION = 1;

export const FRAME_EVENT_NAMES = ["instance.deployed", "instance.updated", "instance.removed", "connection.failed", "connection.needsReconnect"] as const;
export type FrameEventName = (typeof FRAME_EVENT_NAMES)[number];

export type FrameMessage =
  /** `reply`: the frame answers the SDK's own hello (same page as before), not a page that just loaded. */
  | { type: "hello"; reply?: true }
  | { type: "ready" }
  | { type: "signedIn" }
  | { type: "event"; name: FrameEventName; payload: Record<string, unknown> }
  | { type: "error"; code: string; message: string }
  | { type: "resize"; height: number }
  | { type: "close" };

export type SdkMessage =
  | { source: typeof SDK_SOURCE; version: typeof PROTOCOL_VERSION; type: "authenticate"; token: string; theme?: Theme }
  | { source: typeof SDK_SOURCE; version: typeof PROTOCOL_VERSION; type: "theme"; theme: Theme }
  | { source: typeof SDK_SOURCE; version: typeof PROTOCOL_VERSION; type: "hello" };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Reads a message that already passed the origin and window checks. Anything malformed, from
 * another protocol version, or of an unknown type yields null: other scripts on the Switchyard
 * origin (dev tools, extensions) may post too, and a newer frame may send types we do not know.
 */
export function parseFrameMessage(data: unknown): FrameMessage | null {
  if (!isRecord(data) || data.source !== FRAME_SOURCE || data.version !== PROTOCOL_VERSION) return null;
  switch (data.type) {
    case "hello":
      return data.reply === true ? { type: "hello", reply: true } : { type: "hello" };
    case "ready":
    case "signedIn":
    case "close":
      return { type: data.type };
    case "event": {
      const name = FRAME_EVENT_NAMES.find((known) => known === data.name);
      return name && isRecord(data.payload) ? { type: "event", name, payload: data.payload } : null;
    }
    case "error":
      return typeof data.code === "string" ? { type: "error", code: data.code, message: typeof data.message === "string" ? data.message : data.code } : null;
    case "resize":
      return typeof data.height === "number" && Number.isFinite(data.height) && data.height >= 0 ? { type: "resize", height: data.height } : null;
    default:
      return null;
  }
}

export function authenticateMessage(token: string, theme?: Theme): SdkMessage {
  return { source: SDK_SOURCE, version: PROTOCOL_VERSION, type: "authenticate", token, ...(theme ? { theme } : {}) };
}

export function themeMessage(theme: Theme): SdkMessage {
  return { source: SDK_SOURCE, version: PROTOCOL_VERSION, type: "theme", theme };
}

/** Sent to a frame the page declared in its HTML, which may have said its own hello before the SDK listened: it says hello again. */
export function helloMessage(): SdkMessage {
  return { source: SDK_SOURCE, version: PROTOCOL_VERSION, type: "hello" };
}
