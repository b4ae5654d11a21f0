/**
 * How the front door (server/web/web-server.ts) tells the app who the client is. It removes every
 * forwarding header the request came with and sets these two, so code behind it reads one value
 * it can believe. A request that did not pass the front door (a test calling a route handler)
 * has neither: its address is unknown and it is not local.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { ClientAddress } from "./client-address";

/** The client's address alone (no proxy chain), as Next.js and libraries expect to find it. */
export const CLIENT_ADDRESS_HEADER = "x-forwarded-for";
/** "1" when the client is on this machine (loopback, not relayed by a proxy); absent otherwise. */
export const LOCAL_CLIENT_HEADER = "x-switchyard-local-client";
/** Headers a client could use to claim another address; never passed on as sent. */
const FORWARDING_HEADERS = ["x-forwarded-for", "forwarded", "x-real-ip", LOCAL_CLIENT_HEADER];

type HeaderSource = Headers | Record<string, string | string[] | undefined> | undefined;

function read(headers: HeaderSource, name: string): string | undefined {
  if (!headers) return undefined;
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Replaces the request's forwarding headers with the front door's verdict. */
export function applyClientHeaders(headers: IncomingHttpHeaders, client: ClientAddress): void {
  for (const name of FORWARDING_HEADERS) delete headers[name];
  if (client.address) headers[CLIENT_ADDRESS_HEADER] = client.address;
  if (client.local) headers[LOCAL_CLIENT_HEADER] = "1";
}

/** The client's address as the front door established it, or null when unknown. */
export function clientAddress(headers: HeaderSource): string | null {
  return read(headers, CLIENT_ADDRESS_HEADER)?.split(",")[0]?.trim() || null;
}

/** Whether the front door found the client on this machine. */
export function isLocalClient(headers: HeaderSource): boolean {
  return read(headers, LOCAL_CLIENT_HEADER) === "1";
}
