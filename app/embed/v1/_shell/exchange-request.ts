/**
 * The session exchange on the wire (tRPC's single-call format), without the tRPC client or
 * superjson, so the scripts that run before (or instead of) the app's bundles can send it: the
 * React pages' boot script (boot-script.ts) and the marketplace page's own script
 * (marketplace/marketplace-frame.ts). `embed.exchange` turns the vendor's JWT into the sealed
 * session and hands back the first page's data the frame asks for.
 */
export const EXCHANGE_URL = "/api/trpc/embed.exchange";

export interface ExchangePrefetch {
  marketplace?: { search?: string; category?: string };
}

/** Why an exchange was refused, as the protocol's error codes: FORBIDDEN is the origin check, the rest the token. */
export class ExchangeFailure extends Error {
  constructor(
    readonly code: "unauthorized" | "forbidden_origin" | "server_error" | "network",
    message: string,
  ) {
    super(message);
  }
}

/** The request body; boot-script.ts writes the same one out in its inline source. */
export function exchangeBody(token: string, parentOrigin: string, prefetch: ExchangePrefetch | null): string {
  return JSON.stringify({ json: prefetch ? { token, parentOrigin, prefetch } : { token, parentOrigin } });
}

export function startExchange(token: string, parentOrigin: string, prefetch: ExchangePrefetch | null): Promise<unknown> {
  return fetch(EXCHANGE_URL, {
    method: "POST",
    credentials: "omit",
    headers: { "content-type": "application/json" },
    body: exchangeBody(token, parentOrigin, prefetch),
  }).then((response) => response.json());
}

export const UNREACHABLE_MESSAGE = "The integrations server could not be reached.";

/** The failure a refused exchange's answer stands for (tRPC's error shape). */
export function exchangeFailureOf(body: unknown): ExchangeFailure {
  const error = (body as { error?: { json?: { message?: string; data?: { code?: string } } } } | null)?.error?.json;
  const message = error?.message ?? "The integrations could not load.";
  const code = error?.data?.code;
  if (code === "FORBIDDEN") return new ExchangeFailure("forbidden_origin", message.replace(/^forbidden_origin:\s*/, ""));
  if (code === "UNAUTHORIZED" || code === "BAD_REQUEST") return new ExchangeFailure("unauthorized", message);
  return new ExchangeFailure("server_error", message);
}
