/**
 * One delivery as the ingest sees it: the verifier's view (exact bytes, lower-case headers, the
 * public URL the provider called) and, once verified, the document flows and filters read.
 */
import { withoutNul } from "@/server/db/jsonb";
import { AppError } from "@/server/errors";
import type { WebhookRequest } from "@/server/triggers/verify/verifier";
import type { HookRequest } from "./hook-http";

export const REDACTED_HEADER = "[redacted]";

export interface Delivery {
  request: WebhookRequest;
  query: Record<string, string>;
}

/**
 * The URL is rebuilt on the public origin: behind a proxy the handler sees an internal address,
 * but providers that sign the URL (Twilio) signed the one they called.
 */
export function deliveryFrom(request: HookRequest, rawBody: Buffer, publicUrl: string): Delivery {
  const queryAt = request.pathAndQuery.indexOf("?");
  const query = queryAt < 0 ? {} : Object.fromEntries(new URLSearchParams(request.pathAndQuery.slice(queryAt + 1)));
  return {
    request: { method: request.method, url: `${publicUrl}${request.pathAndQuery}`, headers: request.headers, rawBody },
    // A NUL (`%00`) becomes U+FFFD in what flows read (jsonb cannot hold it); the raw request keeps it.
    query: withoutNul(query) as Record<string, string>,
  };
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
      throw new AppError("UNPROCESSABLE_CONTENT", `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; Switchyard accepts at most ${MAX_JSON_DEPTH}.`);
    }
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

export function redactHeaders(headers: Record<string, string>, secretNames: readonly string[]): Record<string, string> {
  const secret = new Set(secretNames.map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secret.has(name) ? REDACTED_HEADER : value]));
}

/** What `match`, dispatch routes and flow inputs address: `$.body…`, `$.headers…`, `$.query…`. */
export interface RequestDocument {
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: unknown;
}

/** `redactedHeaders`: the delivery's headers through `redactHeaders` (the same the event records). */
export function requestDocument(delivery: Delivery, redactedHeaders: Record<string, string>): RequestDocument {
  return {
    method: delivery.request.method,
    // Signature headers are useless to a flow and would otherwise sit in every step's input.
    headers: redactedHeaders,
    query: delivery.query,
    body: documentBody(delivery.request.method, delivery.request.headers, delivery.request.rawBody, delivery.query),
  };
}
