/**
 * The ingest speaks plain values, not a server's request and response objects: a `HookRequest`
 * (method, path, lower-case headers, a body read once under a size limit) in, a `HookAnswer`
 * (status, headers, bytes) out. Two adapters carry them: the fetch API one below for the Next.js
 * route, and server/triggers/ingest/node-hook.ts for the web server's direct path, which answers
 * webhooks without building a WHATWG Request or Response.
 */
import { readLimitedBody } from "@/server/http/read-limited-body";
import type { DeliveryVerdict } from "@/server/telemetry/metric-counts";

export interface HookRequest {
  method: string;
  /** The path and query as received, e.g. `/api/hooks/<token>?a=1`. */
  pathAndQuery: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The exact bytes sent, read at most once; rejects with the `tooLarge` error past `limit` bytes. */
  body(limit: number, tooLarge: () => Error): Promise<Buffer>;
}

export interface HookAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
  /** What the delivery was recorded as; absent when it was refused without being recorded. For metrics and traces only. */
  verdict?: DeliveryVerdict;
}

/** A `body()` that reads at most once: a retried delivery attempt reuses the bytes. */
export function readOnce(read: (limit: number, tooLarge: () => Error) => Promise<Buffer>): HookRequest["body"] {
  let bytes: Promise<Buffer> | undefined;
  return (limit, tooLarge) => (bytes ??= read(limit, tooLarge));
}

/** The caller went away while its body was being read: nobody is left to answer. */
export class ClientGoneError extends Error {
  constructor(cause: unknown) {
    super("the client closed the connection before its request body arrived", { cause });
    this.name = "ClientGoneError";
  }
}

export function hookRequestFromFetch(request: Request): HookRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name.toLowerCase()] = value;
  });
  return {
    method: request.method,
    pathAndQuery: `${url.pathname}${url.search}`,
    headers,
    body: readOnce((limit, tooLarge) => readFetchBody(request, limit, tooLarge)),
  };
}

async function readFetchBody(request: Request, limit: number, tooLarge: () => Error): Promise<Buffer> {
  let refused: Error | undefined;
  try {
    return await readLimitedBody(request, limit, () => (refused = tooLarge()));
  } catch (error) {
    throw error === refused ? error : new ClientGoneError(error);
  }
}

export function responseFromAnswer(answer: HookAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
