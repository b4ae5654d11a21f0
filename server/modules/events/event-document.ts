/**
 * The document the flows of a delivery read, `{ method, headers, query, body }`: built by the
 * ingest from the bytes it verified, and again from the recorded event when a held delivery is
 * released or an event is handed to waiting executions (stored-document.ts).
 */
import { withoutNul } from "@/server/db/jsonb";
import { AppError } from "@/server/errors";
import type { Manifest } from "@/server/manifest/manifest.schema";

/** What `match`, dispatch routes and flow inputs address: `$.body…`, `$.headers…`, `$.query…`. */
export interface RequestDocument {
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/**
 * The body as flows read it. Parsed only after verification, from the same bytes: JSON when it
 * is JSON, form fields for form posts, otherwise the text. A NUL (`%00`, `"\u0000"`) becomes U+FFFD
 * (server/db/jsonb.ts); the exact bytes stay in the event's raw body.
 */
export function parseBody(headers: Record<string, string>, rawBody: Buffer): unknown {
  if (rawBody.length === 0) return null;
  const text = rawBody.toString("utf8");
  const parsed = parseText(headers, text);
  return text.includes("\u0000") || text.includes("\\u0000") || text.includes("%00") ? withoutNul(parsed) : parsed;
}

/**
 * What flows read as `$.body`: the parsed body, or for a GET delivery (Twilio status callbacks
 * configured so) its query parameters, which are what the provider would have posted as a form.
 */
export function documentBody(method: string, headers: Record<string, string>, rawBody: Buffer, query: Record<string, string>): unknown {
  return method === "GET" && rawBody.length === 0 ? { ...query } : parseBody(headers, rawBody);
}

/** Deeper documents are refused: nothing downstream (flows, storage) needs them, and they exhaust stacks. */
export const MAX_JSON_DEPTH = 128;

/** How deeply arrays and objects nest in JSON text, counting brackets outside strings; stops early past `limit`. */
function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c) i++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x7b || char === 0x5b) {
      deepest = Math.max(deepest, ++depth);
      if (deepest > limit) return deepest;
    } else if (char === 0x7d || char === 0x5d) depth--;
  }
  return deepest;
}

function parseText(headers: Record<string, string>, text: string): unknown {
  const type = headers["content-type"]?.toLowerCase() ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
    if (nestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
      throw new AppError(
        "UNPROCESSABLE_CONTENT",
        `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; Switchyard accepts at most ${MAX_JSON_DEPTH}.`,
      );
    }
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * What an event's flows get as input: the request document, or, for a per-instance endpoint that
 * dispatches by event type, its body.
 */
export function flowInputFor(manifest: Manifest, document: { body: unknown }): unknown {
  const dispatch = manifest.endpoints?.mode === "per-instance" ? manifest.endpoints.dispatch : undefined;
  return dispatch && !Array.isArray(dispatch) && "eventTypePath" in dispatch ? document.body : document;
}
