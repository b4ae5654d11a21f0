import type { LookupAddress } from "node:dns";

import type { ResolvedAddress } from "@/server/connectors/http/network-policy";
import { processSingleton } from "@/server/process-singleton";

/**
 * DNS-rebinding defence: the guard resolved a name and approved its addresses; if fetch resolved the
 * name again, a hostile DNS server could answer a private address the second time. An undici Agent
 * whose `connect.lookup` answers only the approved addresses closes that gap.
 *
 * Node's fetch is undici, but Node does not export undici's classes and the `undici` package is not a
 * dependency. Undici registers its global Agent under a well-known symbol once it loads (creating a
 * Response is enough); that Agent's constructor is the class we need. If another library replaced the
 * global dispatcher with something that is not an Agent, pinning is skipped and the guard's
 * check-then-connect window remains (see README, "Residual risk").
 */
const GLOBAL_DISPATCHER = Symbol.for("undici.globalDispatcher.1");

interface Dispatcher {
  close(): Promise<void>;
}
type AgentConstructor = new (options: { connect: { lookup: PinnedLookup } }) => Dispatcher;
type PinnedLookup = (
  hostname: string,
  options: { all?: boolean },
  callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
) => void;

function findAgentClass(): AgentConstructor | undefined {
  new Response("");
  const dispatcher = (globalThis as Record<symbol, unknown>)[GLOBAL_DISPATCHER];
  const agentClass = (dispatcher as { constructor?: unknown } | undefined)?.constructor;
  return typeof agentClass === "function" && agentClass.name === "Agent" ? (agentClass as AgentConstructor) : undefined;
}

const Agent = findAgentClass();

export const pinningAvailable = Agent !== undefined;

/**
 * A dispatcher that connects `hostname` only to `addresses`; undefined when pinning is unavailable.
 * The caller closes it once it is done with it.
 */
export function createPinnedDispatcher(hostname: string, addresses: ResolvedAddress[]): Dispatcher | undefined {
  if (!Agent) return undefined;
  const expected = hostname.toLowerCase();
  const lookup: PinnedLookup = (name, options, callback) => {
    if (name.toLowerCase() !== expected) {
      callback(new Error(`refused to resolve ${name}: this connection is pinned to ${hostname}`), []);
      return;
    }
    if (options.all)
      callback(
        null,
        addresses.map(({ address, family }) => ({ address, family })),
      );
    else callback(null, addresses[0].address, addresses[0].family);
  };
  return new Agent({ connect: { lookup } });
}

/** Pinned dispatchers kept for reuse: a dispatcher unused this long is closed. */
const IDLE_MS = 30_000;
const MAX_KEPT = 256;
/** The process's (server/process-singleton.ts): every copy of this module reuses the same connections. */
const pinned = processSingleton("connectors.pinnedDispatchers", () => ({
  kept: new Map<string, { dispatcher: Dispatcher; lastUsed: number }>(),
  sweeping: undefined as NodeJS.Timeout | undefined,
}));
const kept = pinned.kept;

function sweep(): void {
  const now = Date.now();
  for (const [key, entry] of kept) {
    if (now - entry.lastUsed < IDLE_MS) continue;
    kept.delete(key);
    void entry.dispatcher.close().catch(() => undefined);
  }
  if (kept.size === 0) {
    clearInterval(pinned.sweeping);
    pinned.sweeping = undefined;
  }
}

/**
 * The pinned dispatcher for `hostname` and exactly these approved addresses, shared by every call
 * that the guard approved the same way: its connections (and TLS sessions) are reused from one
 * action call to the next instead of a new connection per call. A DNS answer with other addresses
 * gets a dispatcher of its own; unused ones are closed after half a minute. Connections carry no
 * caller's state (credentials go in each request's headers), so calls of different organizations
 * may share them once the guard approved each call.
 */
export function sharedPinnedDispatcher(hostname: string, addresses: ResolvedAddress[]): Dispatcher | undefined {
  if (!Agent) return undefined;
  const key = `${hostname.toLowerCase()}|${addresses
    .map((a) => `${a.family}/${a.address}`)
    .sort()
    .join(",")}`;
  const entry = kept.get(key);
  if (entry) {
    entry.lastUsed = Date.now();
    return entry.dispatcher;
  }
  if (kept.size >= MAX_KEPT) {
    const [oldest, { dispatcher }] = kept.entries().next().value!;
    kept.delete(oldest);
    void dispatcher.close().catch(() => undefined);
  }
  const dispatcher = createPinnedDispatcher(hostname, addresses)!;
  kept.set(key, { dispatcher, lastUsed: Date.now() });
  pinned.sweeping ??= setInterval(sweep, IDLE_MS / 2).unref();
  return dispatcher;
}
