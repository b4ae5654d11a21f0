/**
 * One delivery as the ingest sees it: the verifier's view (exact bytes, lower-case headers, the
 * public URL the provider called) and, once verified, the document flows and filters read.
 */
import type { WebhookRequest } from "@/server/triggers/verify/verifier";

export const REDACTED_HEADER = "[redacted]";

export interface Delivery {
  request: WebhookRequest;
  query: Record<string, string>;
}

/**
 * The URL is rebuilt on the public origin: behind a proxy the handler sees an internal address,
 * but providers that sign the URL (Twilio) signed the one they called.
 */
export function deliveryFrom(request: Request, rawBody: Buffer, publicUrl: string): Delivery {
  const internal = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    request: { method: request.method, url: `${publicUrl}${internal.pathname}${internal.search}`, headers, rawBody },
    query: Object.fromEntries(internal.searchParams),
  };
}

/**
 * The body as flows read it. Parsed only after verification, from the same bytes: JSON when it
 * is JSON, form fields for form posts, otherwise the text.
 */
export function parseBody(headers: Record<string, string>, rawBody: Buffer): unknown {
  if (rawBody.length === 0) return null;
  const text = rawBody.toString("utf8");
  const type = headers["content-type"]?.toLowerCase() ?? "";
  if (type.includes("application/x-www-form-urlencoded")) return Object.fromEntries(new URLSearchParams(text));
  if (type.includes("json") || /^\s*[{[]/.test(text)) {
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

export function requestDocument(delivery: Delivery, secretHeaderNames: readonly string[]): RequestDocument {
  return {
    method: delivery.request.method,
    // Signature headers are useless to a flow and would otherwise sit in every step's input.
    headers: redactHeaders(delivery.request.headers, secretHeaderNames),
    query: delivery.query,
    body: parseBody(delivery.request.headers, delivery.request.rawBody),
  };
}
