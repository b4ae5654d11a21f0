import { NonRetryableError, RetryableError, ErrorNames } from "@/server/engine/errors";
import { describeFailure, exchange, type RawResponse } from "@/server/connectors/http/exchange";
import { httpStatusError } from "@/server/connectors/http/http-errors";
import type { HostLookup, NetworkPolicy } from "@/server/connectors/http/network-policy";
import { DEFAULT_MAX_RESPONSE_BYTES } from "@/server/connectors/http/read-body";
import type { RecordSink, SecretNames } from "@/server/connectors/http/records";
import type { RequestGate } from "@/server/connectors/http/request-gate";
import {
  backoffDelay,
  DEFAULT_RETRY,
  defaultSleep,
  mayRetry,
  parseRetryAfter,
  RETRYABLE_STATUSES,
  type RetryOptions,
  type Sleep,
} from "@/server/connectors/http/retry-policy";

export type HttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE" | "OPTIONS";
export type QueryValue = string | number | boolean | null | undefined | Array<string | number | boolean>;

export interface HttpRequest {
  method?: HttpMethod;
  /** An absolute URL; auth is applied only when it shares the base URL's origin (or there is no base URL). */
  url?: string;
  /** A path below the base URL (`/widgets`), which keeps its own path prefix (`https://api.acme.example/v1`). */
  path?: string;
  query?: Record<string, QueryValue>;
  headers?: Record<string, string | undefined>;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  /** Sent as is; set Content-Type yourself. */
  body?: string | Uint8Array;
  /** Send the step's idempotency key (`true`: as `Idempotency-Key`; a string: under that header name). Also allows retrying a POST. */
  idempotencyKey?: boolean | string;
  timeoutMs?: number;
  /** `auto` parses JSON when the response says it is JSON, otherwise returns text. */
  responseType?: "auto" | "text";
  /** Return non-2xx responses instead of throwing (default true: throw). */
  throwOnHttpError?: boolean;
}

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  url: string;
}

type RequestOptions = Omit<HttpRequest, "method" | "path" | "url" | "json">;

export interface HttpClient {
  request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>>;
  get<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
  post<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  put<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  patch<T = unknown>(path: string, json?: unknown, options?: RequestOptions): Promise<HttpResponse<T>>;
  delete<T = unknown>(path: string, options?: RequestOptions): Promise<HttpResponse<T>>;
}

/** Puts credentials on a request; `secrets` names what it adds so records redact it. */
export interface Authorizer {
  apply(target: { url: URL; headers: Headers }): void;
  secrets: SecretNames;
}

export interface HttpClientOptions {
  network: NetworkPolicy;
  baseUrl?: string;
  /** Names the other side in error messages (`GitHub answered 404 Not Found: …`); defaults to the host. */
  providerName?: string;
  auth?: Authorizer;
  onRecord?: RecordSink;
  /** The step's idempotency key, sent when a request asks for it. */
  idempotencyKey?: string;
  /** The step's signal: cancelling the execution aborts the request and any retry wait. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  sleep?: Sleep;
  lookup?: HostLookup;
  /** Per attempt; default 30 s. */
  timeoutMs?: number;
  maxResponseBytes?: number;
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** The connection's rate budget and pauses (request-gate.ts); none outside executions. */
  gate?: RequestGate;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

function buildUrl(request: HttpRequest, baseUrl: string | undefined): URL {
  if ((request.url === undefined) === (request.path === undefined)) throw new NonRetryableError("an HTTP request needs exactly one of `url` or `path`");
  let url: URL;
  if (request.url !== undefined) {
    if (!URL.canParse(request.url)) throw new NonRetryableError(`${JSON.stringify(request.url)} is not an absolute URL`);
    url = new URL(request.url);
    // fetch refuses URLs with credentials anyway; saying so beats a retried "fetch failed".
    if (url.username || url.password) throw new NonRetryableError("put credentials in a connection, not in the URL");
  } else {
    if (baseUrl === undefined) throw new NonRetryableError(`the path ${request.path} needs a base URL, and this connection has none`);
    // Concatenate rather than resolve: resolving "/widgets" against ".../v1" would drop "/v1". The leading
    // slash stops a path like "@evil.example" from turning the base host into userinfo.
    const path = request.path!.startsWith("/") ? request.path! : `/${request.path}`;
    url = new URL(`${baseUrl.replace(/\/+$/, "")}${path}`);
    if (url.origin !== new URL(baseUrl).origin) throw new NonRetryableError(`the path ${request.path} leaves the connection's base URL`);
  }
  for (const [name, value] of Object.entries(request.query ?? {})) {
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(item));
  }
  return url;
}

function decodeBody(raw: RawResponse, responseType: "auto" | "text"): unknown {
  const text = new TextDecoder().decode(raw.body);
  if (responseType === "text") return text;
  if (raw.body.byteLength === 0) return null;
  if (!/[/+]json\b/i.test(raw.headers.get("content-type") ?? "")) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const retry = { ...DEFAULT_RETRY, ...options.retry };
  const sleep = options.sleep ?? defaultSleep;
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const onRecord = options.onRecord ?? (() => undefined);
  const secrets = options.auth?.secrets ?? {};

  function prepare(request: HttpRequest) {
    const method = request.method ?? "GET";
    const url = buildUrl(request, options.baseUrl);
    const headers = new Headers({ accept: "application/json, */*;q=0.5", "user-agent": options.userAgent ?? "Switchyard" });
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (value === undefined) continue;
      // A templated value with a line break (from an event payload) would otherwise surface as a retryable TypeError.
      try {
        headers.set(name, value);
      } catch {
        throw new NonRetryableError(`the header ${JSON.stringify(name)} has a name or value HTTP does not allow`);
      }
    }
    let body = request.body;
    if (request.json !== undefined) {
      body = JSON.stringify(request.json);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    if (body !== undefined && (method === "GET" || method === "HEAD")) throw new NonRetryableError(`a ${method} request cannot have a body`);
    const sendsKey = request.idempotencyKey !== undefined && request.idempotencyKey !== false && options.idempotencyKey !== undefined;
    if (sendsKey) headers.set(typeof request.idempotencyKey === "string" ? request.idempotencyKey : "Idempotency-Key", options.idempotencyKey!);
    const sameOrigin = options.baseUrl === undefined || new URL(options.baseUrl).origin === url.origin;
    if (options.auth && sameOrigin) options.auth.apply({ url, headers });
    return { method, url, headers, body, retryable: mayRetry(method, sendsKey) };
  }

  async function request<T>(request: HttpRequest): Promise<HttpResponse<T>> {
    const prepared = prepare(request);
    const provider = options.providerName ?? prepared.url.host;
    for (let attempt = 1; ; attempt++) {
      const timeout = AbortSignal.timeout(request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
      const canRetry = prepared.retryable && attempt <= retry.maxRetries;
      await options.gate?.beforeRequest(options.signal);
      let raw: RawResponse;
      try {
        raw = await exchange(prepared, {
          network: options.network,
          lookup: options.lookup,
          fetch: fetchImpl,
          signal,
          maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
          secrets,
          onRecord,
          attempt,
        });
      } catch (error) {
        // Cancellation and the guard's verdicts are final; dropped connections, DNS hiccups and timeouts are not.
        if (options.signal?.aborted || error instanceof NonRetryableError) throw error;
        if (canRetry) {
          await sleep(backoffDelay(attempt - 1, retry), options.signal);
          continue;
        }
        const timedOut = error instanceof Error && error.name === "TimeoutError";
        throw new RetryableError(
          `could not reach ${provider}: ${timedOut ? "the request timed out" : describeFailure(error)}`,
          timedOut ? { errorName: ErrorNames.Timeout } : {},
        );
      }
      const retryAfterMs = parseRetryAfter(raw.headers.get("retry-after"));
      // A Retry-After longer than we are willing to wait in-process goes to the flow, which can park the execution.
      // 429 means the request was not processed, so even a POST may be sent again.
      const statusRetryable = RETRYABLE_STATUSES.has(raw.status) && attempt <= retry.maxRetries && (prepared.retryable || raw.status === 429);
      // Through a connection's gate, a provider's pause longer than the gate waits in-process parks the execution instead.
      const maxWait = raw.status === 429 && options.gate ? Math.min(retry.maxDelayMs, options.gate.maxInProcessWaitMs) : retry.maxDelayMs;
      const waitsInProcess = statusRetryable && (retryAfterMs === undefined || retryAfterMs <= maxWait);
      // A 429 with Retry-After pauses the whole connection; a call that will not wait for it here parks its execution.
      if (raw.status === 429 && retryAfterMs !== undefined && options.gate) {
        const parked = await options.gate.providerPaused(retryAfterMs, provider);
        if (!waitsInProcess) throw parked;
      }
      if (waitsInProcess) {
        await sleep(retryAfterMs ?? backoffDelay(attempt - 1, retry), options.signal);
        continue;
      }
      const body = decodeBody(raw, request.responseType ?? "auto");
      if (raw.status >= 400 && request.throwOnHttpError !== false) throw httpStatusError(provider, raw.status, raw.statusText, body, retryAfterMs);
      const headers: Record<string, string> = {};
      raw.headers.forEach((value, name) => {
        headers[name] = value;
      });
      return { status: raw.status, headers, body: body as T, url: raw.url.href };
    }
  }

  return {
    request,
    get: (path, extra) => request({ ...extra, method: "GET", path }),
    post: (path, json, extra) => request({ ...extra, method: "POST", path, json }),
    put: (path, json, extra) => request({ ...extra, method: "PUT", path, json }),
    patch: (path, json, extra) => request({ ...extra, method: "PATCH", path, json }),
    delete: (path, extra) => request({ ...extra, method: "DELETE", path }),
  };
}
