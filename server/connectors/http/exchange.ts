import { isIP } from "node:net";

import { NonRetryableError } from "@/server/engine/errors";
import { checkDestination, type HostLookup, type NetworkPolicy } from "@/server/connectors/http/network-policy";
import { sharedPinnedDispatcher } from "@/server/connectors/http/pinned-dispatcher";
import { readResponseBody } from "@/server/connectors/http/read-body";
import { headersToObject, recordedBody, redactHeaders, redactUrl, type RecordSink, type SecretNames } from "@/server/connectors/http/records";

export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface ExchangeRequest {
  method: string;
  url: URL;
  headers: Headers;
  body?: string | Uint8Array;
}

export interface ExchangeOptions {
  network: NetworkPolicy;
  lookup?: HostLookup;
  fetch: typeof fetch;
  signal: AbortSignal;
  maxResponseBytes: number;
  secrets: SecretNames;
  onRecord: RecordSink;
  attempt: number;
}

export interface RawResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: Uint8Array;
  /** Where the final answer came from, after redirects. */
  url: URL;
}

/**
 * One attempt: guard, send, read, record — and follow redirects by hand, because fetch's own
 * redirect handling would connect to the next hop without asking the guard.
 */
export async function exchange(request: ExchangeRequest, options: ExchangeOptions): Promise<RawResponse> {
  let { method, url, body } = request;
  const headers = new Headers(request.headers);
  const origin = request.url.origin;
  for (let hop = 0; ; hop++) {
    const response = await exchangeOnce({ method, url, headers, body }, options);
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location === null) return response;
    if (hop === MAX_REDIRECTS)
      throw new NonRetryableError(`${request.url.host} redirected more than ${MAX_REDIRECTS} times; last hop: ${redactUrl(url, options.secrets)}`);
    url = new URL(location, url);
    // As browsers do: 303 always, and 301/302 after a POST, turn into a GET without a body.
    if (response.status === 303 ? method !== "HEAD" : (response.status === 301 || response.status === 302) && method === "POST") {
      method = "GET";
      body = undefined;
      headers.delete("content-type");
      headers.delete("content-length");
    }
    // Credentials were meant for the original origin, not for wherever it redirects.
    if (url.origin !== origin) {
      for (const name of ["authorization", "cookie", "proxy-authorization", ...(options.secrets.headers ?? [])]) headers.delete(name);
    }
  }
}

async function exchangeOnce(request: ExchangeRequest, options: ExchangeOptions): Promise<RawResponse> {
  const started = performance.now();
  const record = {
    method: request.method,
    url: redactUrl(request.url, options.secrets),
    attempt: options.attempt,
    requestHeaders: redactHeaders(request.headers, options.secrets),
    requestBody: recordedBody(request.body, request.headers.get("content-type"), options.secrets),
  };
  let status: number | undefined;
  let responseHeaders: Headers | undefined;
  try {
    const addresses = await checkDestination(request.url, options.network, options.lookup);
    const hostname = request.url.hostname.replace(/^\[|\]$/g, "");
    // An IP literal needs no lookup, so there is nothing to pin.
    const dispatcher = isIP(hostname) === 0 ? sharedPinnedDispatcher(hostname, addresses) : undefined;
    const init = { method: request.method, headers: request.headers, body: request.body, redirect: "manual", signal: options.signal, dispatcher };
    const response = await options.fetch(request.url, init as RequestInit);
    status = response.status;
    responseHeaders = response.headers;
    const body = await readResponseBody(response, options.maxResponseBytes, request.url.host);
    options.onRecord({
      ...record,
      status,
      durationMs: performance.now() - started,
      responseHeaders: headersToObject(response.headers),
      responseBody: recordedBody(body, response.headers.get("content-type"), options.secrets),
    });
    return { status: response.status, statusText: response.statusText, headers: response.headers, body, url: request.url };
  } catch (error) {
    options.onRecord({
      ...record,
      ...(status !== undefined ? { status } : {}),
      ...(responseHeaders ? { responseHeaders: headersToObject(responseHeaders) } : {}),
      durationMs: performance.now() - started,
      error: describeFailure(error),
    });
    throw error;
  }
}

/** fetch hides the useful part ("ECONNREFUSED 127.0.0.1:9") in `cause`. */
export function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  if (cause?.code) return `${error.message}: ${cause.code}${cause.message ? ` (${cause.message})` : ""}`;
  return error.message;
}
