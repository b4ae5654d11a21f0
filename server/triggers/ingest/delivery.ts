/**
 * One delivery as the ingest sees it: the verifier's view (exact bytes, lower-case headers, the
 * public URL the provider called) and, once verified, the document flows and filters read.
 */
import { withoutNul } from "@/server/db/jsonb";
import { documentBody, type RequestDocument } from "@/server/modules/events/event-document";
import type { WebhookRequest } from "@/server/verify/verifier";
import type { HookRequest } from "@/server/http/hook-http";

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

export function redactHeaders(headers: Record<string, string>, secretNames: readonly string[]): Record<string, string> {
  const secret = new Set(secretNames.map((name) => name.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, secret.has(name) ? REDACTED_HEADER : value]));
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
