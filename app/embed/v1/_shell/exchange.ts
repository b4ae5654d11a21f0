/**
 * The session exchange as one plain request (tRPC's single-call wire format), so the boot script
 * can start it before any bundle has loaded and the shell can read its answer without the tRPC
 * client: `embed.exchange` turns the vendor's JWT into the sealed session, and hands back the first
 * page's data the frame asks for.
 */
import superjson from "superjson";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";

export const EXCHANGE_URL = "/api/trpc/embed.exchange";

export type ExchangeResult = inferRouterOutputs<AppRouter>["embed"]["exchange"];
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
  return fetch(EXCHANGE_URL, { method: "POST", credentials: "omit", headers: { "content-type": "application/json" }, body: exchangeBody(token, parentOrigin, prefetch) }).then((response) =>
    response.json(),
  );
}

/** The exchange's answer, or an ExchangeFailure saying why not. */
export async function readExchange(answer: Promise<unknown>): Promise<ExchangeResult> {
  let raw: unknown;
  try {
    raw = await answer;
  } catch {
    throw new ExchangeFailure("network", "The integrations server could not be reached.");
  }
  const body = raw as { result?: { data?: { json: unknown; meta?: unknown } }; error?: { json?: { message?: string; data?: { code?: string } } } };
  if (body?.result?.data) return superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as ExchangeResult;
  const error = body?.error?.json;
  const message = error?.message ?? "The integrations could not load.";
  const code = error?.data?.code;
  if (code === "FORBIDDEN") throw new ExchangeFailure("forbidden_origin", message.replace(/^forbidden_origin:\s*/, ""));
  if (code === "UNAUTHORIZED" || code === "BAD_REQUEST") throw new ExchangeFailure("unauthorized", message);
  throw new ExchangeFailure("server_error", message);
}

/** What the page at `pathname` shows first and can receive with the session. */
export function prefetchFor(pathname: string, search: string): ExchangePrefetch | undefined {
  if (!/\/embed\/v1\/marketplace\/?$/.test(pathname)) return undefined;
  const params = new URLSearchParams(search);
  const text = (name: string) => params.get(name)?.slice(0, 200) || undefined;
  return { marketplace: { search: text("search"), category: text("category") } };
}
