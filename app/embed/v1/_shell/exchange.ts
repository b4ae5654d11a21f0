/**
 * The session exchange's answer for the React pages: the raw answer of the request the boot script
 * (or the shell) sent, read with superjson as the tRPC client would.
 */
import superjson from "superjson";
import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/trpc/root";
import { ExchangeFailure, exchangeFailureOf, UNREACHABLE_MESSAGE } from "./exchange-request";

export type ExchangeResult = inferRouterOutputs<AppRouter>["embed"]["exchange"];

/** The exchange's answer, or an ExchangeFailure saying why not. */
export async function readExchange(answer: Promise<unknown>): Promise<ExchangeResult> {
  let raw: unknown;
  try {
    raw = await answer;
  } catch {
    throw new ExchangeFailure("network", UNREACHABLE_MESSAGE);
  }
  const body = raw as { result?: { data?: { json: unknown; meta?: unknown } } };
  if (body?.result?.data) return superjson.deserialize(body.result.data as Parameters<typeof superjson.deserialize>[0]) as ExchangeResult;
  throw exchangeFailureOf(raw);
}
