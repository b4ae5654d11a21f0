import { lookup as dnsLookup } from "node:dns/promises";
import { isIP } from "node:net";

import ipaddr from "ipaddr.js";

import { NonRetryableError, RetryableError } from "@/server/engine/errors";

/**
 * The SSRF guard. Connectors and manifest actions call URLs chosen by integration authors and, through
 * templates, by event payloads; without a guard any of them could reach the platform's own network
 * (databases, admin ports, the cloud metadata service). Every hostname is resolved before connecting
 * and every address must be public unicast, unless the organization allow-listed it.
 */
export interface NetworkPolicy {
  /**
   * Destinations the organization trusts despite the rules: CIDRs (`10.1.0.0/16`), addresses
   * (`127.0.0.1`, `::1`), `host[:port]` (`sandbox.internal:3000`, `[::1]:3000`), origins
   * (`http://localhost:3000`) or an origin with a path (`http://localhost:3000/sandbox/`), which
   * allows HTTP requests below that path only.
   */
  allow: string[];
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type HostLookup = (hostname: string) => Promise<ResolvedAddress[]>;

export const NETWORK_REFUSED = "Switchyard.NetworkRefused";

/** Hostnames that lead to a cloud metadata service whatever they resolve to. */
const METADATA_HOSTS = new Set(["metadata.google.internal", "metadata.goog", "metadata"]);
/** Metadata endpoints named apart from their range so the refusal says what was at stake. */
const METADATA_ADDRESSES = new Set(["169.254.169.254", "fd00:ec2::254", "100.100.100.200"]);

const RANGE_LABELS: Record<string, string> = {
  unspecified: "unspecified address",
  broadcast: "broadcast address",
  multicast: "multicast address",
  linkLocal: "link-local address",
  loopback: "loopback address",
  carrierGradeNat: "carrier-grade NAT address",
  private: "private address",
  uniqueLocal: "private (unique local) address",
  ipv4Mapped: "IPv4-mapped address",
};

export const defaultLookup: HostLookup = async (hostname) => {
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

type AllowRule = ({ kind: "cidr"; range: [ipaddr.IPv4 | ipaddr.IPv6, number] } | { kind: "host"; host: string }) & { port?: string; pathPrefix?: string };

function defaultPort(url: URL): string {
  return url.port || (url.protocol === "https:" ? "443" : "80");
}

const ipv4Of = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
const zero = (parts: number[]) => parts.every((part) => part === 0);

/**
 * The IPv4 addresses an IPv6 address carries, for the forms that reach an IPv4 host: mapped
 * (`::ffff:a.b.c.d`), SIIT (`::ffff:0:a.b.c.d`), IPv4-compatible (`::a.b.c.d`, deprecated but
 * still parsed), NAT64's well-known prefix (`64:ff9b::/96`), 6to4 (`2002:AABB:CCDD::/48`) and
 * Teredo (`2001:0:SSSS:SSSS:…:CCCC:CCCC`: the relay server, and the client with its bits inverted).
 */
function carriedIPv4(address: ipaddr.IPv6): ipaddr.IPv4[] {
  const p = address.parts;
  if (address.isIPv4MappedAddress()) return [address.toIPv4Address()];
  if (zero(p.slice(0, 4)) && p[4] === 0xffff && p[5] === 0) return [ipv4Of(p[6], p[7])];
  // `::` and `::1` are IPv6's own unspecified and loopback addresses, not IPv4-compatible ones.
  if (zero(p.slice(0, 6)) && !(p[6] === 0 && p[7] <= 1)) return [ipv4Of(p[6], p[7])];
  if (p[0] === 0x64 && p[1] === 0xff9b && zero(p.slice(2, 6))) return [ipv4Of(p[6], p[7])];
  if (p[0] === 0x2002) return [ipv4Of(p[1], p[2])];
  if (p[0] === 0x2001 && p[1] === 0) return [ipv4Of(p[6] ^ 0xffff, p[7] ^ 0xffff), ipv4Of(p[2], p[3])];
  return [];
}

/** An IPv6 address carrying an IPv4 address is judged as that IPv4 address (the first, for Teredo's two). */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 {
  return judgedAddresses(address)[0]!;
}

/** What a destination is judged as: the address itself, or the IPv4 addresses it carries. */
function judgedAddresses(address: string): Array<ipaddr.IPv4 | ipaddr.IPv6> {
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === "ipv4") return [parsed];
  const carried = carriedIPv4(parsed as ipaddr.IPv6);
  return carried.length > 0 ? carried : [parsed];
}

function parseRule(entry: string): AllowRule | undefined {
  const text = entry.trim();
  if (text === "") return undefined;
  if (text.includes("://")) {
    const url = new URL(text);
    const rule = hostRule(url.hostname, defaultPort(url));
    if (url.pathname === "/") return rule;
    return { ...rule, pathPrefix: url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/` };
  }
  if (text.includes("/")) {
    const [address, bits] = ipaddr.parseCIDR(text);
    return { kind: "cidr", range: [address, bits] };
  }
  if (ipaddr.isValid(text)) return hostRule(text);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed) return hostRule(bracketed[1], bracketed[2]);
  const [host, port] = text.split(":");
  return hostRule(host, port);
}

function hostRule(host: string, port?: string): AllowRule {
  const bare = host.replace(/^\[|\]$/g, "");
  if (ipaddr.isValid(bare)) {
    const address = parseAddress(bare);
    return { kind: "cidr", range: [address, address.kind() === "ipv4" ? 32 : 128], port };
  }
  return { kind: "host", host: bare.toLowerCase(), port };
}

function parseRules(policy: NetworkPolicy): AllowRule[] {
  return policy.allow.flatMap((entry) => {
    try {
      const rule = parseRule(entry);
      return rule ? [rule] : [];
    } catch {
      // A malformed entry allows nothing; the settings page validates entries when they are saved.
      return [];
    }
  });
}

/**
 * Whether a rule's port and path cover the request. A path-limited rule covers only an HTTP path
 * below it, and none with an encoded slash or backslash: a server that decodes those after
 * routing could be walked out of the prefix (`/sandbox/..%2fapi`). Dot segments are already
 * resolved by the URL parser.
 */
function covers(rule: AllowRule, port: string, path: string | undefined): boolean {
  if (rule.port !== undefined && rule.port !== port) return false;
  if (rule.pathPrefix === undefined) return true;
  if (path === undefined) return false;
  return path.startsWith(rule.pathPrefix) && !/%2f|%5c/i.test(path);
}

function addressAllowed(address: ipaddr.IPv4 | ipaddr.IPv6, port: string, path: string | undefined, rules: AllowRule[]): boolean {
  return rules.some((rule) => rule.kind === "cidr" && covers(rule, port, path) && address.kind() === rule.range[0].kind() && address.match(rule.range));
}

/** Why an address may not be reached without an allowance, or undefined for public unicast. */
export function classifyAddress(address: string): string | undefined {
  if (METADATA_ADDRESSES.has(address)) return "cloud metadata address";
  for (const judged of judgedAddresses(address)) {
    if (METADATA_ADDRESSES.has(judged.toString())) return "cloud metadata address";
    const range = judged.range();
    if (range !== "unicast") return RANGE_LABELS[range] ?? `reserved address (${range})`;
  }
  return undefined;
}

function refused(what: string): NonRetryableError {
  return new NonRetryableError(`refused to connect to ${what}: add it to the organization's network allow-list to permit it`, { errorName: NETWORK_REFUSED });
}

async function resolveHost(hostname: string, lookup: HostLookup): Promise<ResolvedAddress[]> {
  try {
    const answers = await lookup(hostname);
    if (answers.length === 0) throw Object.assign(new Error("no addresses"), { code: "ENOTFOUND" });
    return answers;
  } catch (error) {
    const code = (error as { code?: string }).code;
    // A name that does not exist will not appear by retrying; a resolver timeout might clear up.
    if (code === "ENOTFOUND" || code === "ENODATA") throw new NonRetryableError(`could not resolve host ${hostname}: it does not exist`);
    throw new RetryableError(`could not resolve host ${hostname}: ${code ?? (error as Error).message}`);
  }
}

/**
 * Resolves `url`'s host and answers the addresses it may connect to, or throws a NonRetryableError
 * saying what was refused and how to allow it. Nothing is sent before this returns.
 */
export async function checkDestination(url: URL, policy: NetworkPolicy, lookup: HostLookup = defaultLookup): Promise<ResolvedAddress[]> {
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new NonRetryableError(`refused to connect to ${url.href}: only http and https URLs are allowed`, { errorName: NETWORK_REFUSED });
  }
  return checkAddresses(url.hostname, Number(defaultPort(url)), url.pathname, policy, lookup);
}

/**
 * The same guard for connectors that do not speak HTTP (SFTP, SMTP): a host and a port. Connect
 * to one of the answered addresses, not to the name again, so a second DNS answer cannot differ.
 */
export function checkHostDestination(host: string, portNumber: number, policy: NetworkPolicy, lookup: HostLookup = defaultLookup): Promise<ResolvedAddress[]> {
  return checkAddresses(host, portNumber, undefined, policy, lookup);
}

/** `path` is the HTTP path, undefined for other protocols (which path-limited allowances never cover). */
async function checkAddresses(
  host: string,
  portNumber: number,
  path: string | undefined,
  policy: NetworkPolicy,
  lookup: HostLookup,
): Promise<ResolvedAddress[]> {
  const hostname = host.replace(/^\[|\]$/g, "").toLowerCase();
  const port = String(portNumber);
  const rules = parseRules(policy);
  const literal = isIP(hostname) !== 0;
  const hostAllowed = !literal && rules.some((rule) => rule.kind === "host" && rule.host === hostname && covers(rule, port, path));
  if (!hostAllowed && METADATA_HOSTS.has(hostname.replace(/\.$/, ""))) {
    throw refused(`${hostname} (cloud metadata service)`);
  }
  const addresses = literal ? [{ address: hostname, family: isIP(hostname) as 4 | 6 }] : await resolveHost(hostname, lookup);
  // An allow-listed name is trusted whatever it resolves to: the organization vouched for the name.
  if (hostAllowed) return addresses;
  for (const { address } of addresses) {
    const reason = classifyAddress(address);
    if (reason === undefined || addressAllowed(parseAddress(address), port, path, rules)) continue;
    throw refused(literal ? `${address} (${reason})` : `${hostname}, which resolves to ${address} (${reason})`);
  }
  return addresses;
}
