/**
 * Who is on the other end of a request. The socket's address, unless the socket belongs to a proxy
 * the operator listed in TRUSTED_PROXIES: then X-Forwarded-For is read from the right, skipping
 * the trusted proxies' own entries, and the first address they did not vouch for is the client.
 * Forwarding headers from anyone else are not believed: anybody can send them.
 */
import ipaddr from "ipaddr.js";

export type AddressRange = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** The front door's verdict, handed on to the app in the request headers (server/http/client-headers.ts). */
export interface ClientAddress {
  /** Null when the socket has no address (it closed already). */
  address: string | null;
  /**
   * Loopback client on this machine, not relayed by a proxy: no forwarding headers, or forwarded by
   * trusted proxies for a loopback client. A request relayed by an untrusted proxy on this machine
   * (one sending X-Forwarded-For that TRUSTED_PROXIES does not list) is not local.
   */
  local: boolean;
  /** The socket's peer sent forwarding headers but is not a trusted proxy (they were ignored). */
  untrustedForwarding: boolean;
}

function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const value = text.trim();
  // Some proxies append the port: 203.0.113.9:51234 or [2001:db8::1]:51234.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  const bare = bracketed ? bracketed[1] : /^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(value) ? value.slice(0, value.lastIndexOf(":")) : value;
  if (!ipaddr.isValid(bare)) return null;
  const parsed = ipaddr.parse(bare);
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  return parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
}

/** TRUSTED_PROXIES entries: CIDRs (`10.0.0.0/8`, `fd00::/8`) or single addresses. Throws on anything else. */
export function parseTrustedProxies(entries: readonly string[]): AddressRange[] {
  return entries.map((entry) => {
    const text = entry.trim();
    if (text.includes("/")) return ipaddr.parseCIDR(text);
    const address = ipaddr.parse(text);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  });
}

/** Why a TRUSTED_PROXIES entry is not usable, or null when it is. */
export function trustedProxyProblem(entry: string): string | null {
  try {
    parseTrustedProxies([entry]);
    return null;
  } catch {
    return `"${entry}" is not an IP address or CIDR (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)`;
  }
}

function within(address: ipaddr.IPv4 | ipaddr.IPv6, ranges: readonly AddressRange[]): boolean {
  return ranges.some((range) => range[0].kind() === address.kind() && address.match(range));
}

function isLoopback(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return address.range() === "loopback";
}

export interface ForwardingHeaders {
  forwardedFor?: string;
  /** Whether any forwarding header (X-Forwarded-For, Forwarded, X-Real-IP) came with the request. */
  anyForwarding: boolean;
}

export function clientAddressOf(socketAddress: string | undefined, headers: ForwardingHeaders, trusted: readonly AddressRange[]): ClientAddress {
  const peer = socketAddress ? parseIp(socketAddress) : null;
  if (!peer) return { address: null, local: false, untrustedForwarding: false };
  if (!within(peer, trusted)) {
    return { address: peer.toString(), local: isLoopback(peer) && !headers.anyForwarding, untrustedForwarding: headers.anyForwarding };
  }
  // The right hop: walk the chain from the nearest proxy outwards, past every proxy we trust.
  let client = peer;
  const hops = (headers.forwardedFor ?? "")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = parseIp(hops[i]!);
    // Garbage can only sit left of what our own proxies wrote: the last address they vouched for stands.
    if (!hop) break;
    client = hop;
    if (!within(hop, trusted)) break;
  }
  return { address: client.toString(), local: isLoopback(client), untrustedForwarding: false };
}
