import { describe, expect, it } from "vitest";
import { clientAddressOf, parseTrustedProxies, trustedProxyProblem } from "./client-address";

const none = { anyForwarding: false };
const forwarded = (forwardedFor: string) => ({ forwardedFor, anyForwarding: true });

describe("the client's address", () => {
  it("is the socket's address when nobody is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddressOf("203.0.113.9", forwarded("198.51.100.1"), [])).toEqual({ address: "203.0.113.9", local: false, untrustedForwarding: true });
    expect(clientAddressOf("::ffff:203.0.113.9", none, [])).toEqual({ address: "203.0.113.9", local: false, untrustedForwarding: false });
    expect(clientAddressOf(undefined, none, [])).toEqual({ address: null, local: false, untrustedForwarding: false });
  });

  it("is local only for a loopback socket that no proxy relayed", () => {
    expect(clientAddressOf("127.0.0.1", none, []).local).toBe(true);
    expect(clientAddressOf("::1", none, []).local).toBe(true);
    expect(clientAddressOf("::ffff:127.0.0.1", none, []).local).toBe(true);
    // A proxy on this machine that the operator did not list: its clients are not local.
    expect(clientAddressOf("127.0.0.1", forwarded("203.0.113.9"), [])).toEqual({ address: "127.0.0.1", local: false, untrustedForwarding: true });
    expect(clientAddressOf("127.0.0.1", { anyForwarding: true }, []).local).toBe(false);
  });

  it("takes the right hop behind trusted proxies: the first address from the right they did not vouch for", () => {
    const trusted = parseTrustedProxies(["127.0.0.1", "10.0.0.0/8"]);
    // The client prepended a lie; the proxy appended what it saw.
    expect(clientAddressOf("127.0.0.1", forwarded("1.2.3.4, 203.0.113.9"), trusted)).toEqual({
      address: "203.0.113.9",
      local: false,
      untrustedForwarding: false,
    });
    expect(clientAddressOf("10.1.2.3", forwarded("198.51.100.7, 203.0.113.9, 10.4.4.4"), trusted).address).toBe("203.0.113.9");
    expect(clientAddressOf("10.1.2.3", forwarded("203.0.113.9:51234"), trusted).address).toBe("203.0.113.9");
    expect(clientAddressOf("10.1.2.3", forwarded("[2001:db8::7]:443"), trusted).address).toBe("2001:db8::7");
    // Straight from a trusted proxy's host, or with nothing but garbage beyond it.
    expect(clientAddressOf("127.0.0.1", none, trusted)).toEqual({ address: "127.0.0.1", local: true, untrustedForwarding: false });
    expect(clientAddressOf("10.1.2.3", forwarded("not-an-ip, 10.9.9.9"), trusted).address).toBe("10.9.9.9");
    // A remote client behind a trusted proxy on this machine is not local, even claiming loopback.
    expect(clientAddressOf("127.0.0.1", forwarded("127.0.0.1, 203.0.113.9"), trusted).local).toBe(false);
  });

  it("accepts CIDRs and addresses as trusted proxies and names a bad entry", () => {
    expect(parseTrustedProxies(["fd00::/8", "::1", "192.168.0.0/16"])).toHaveLength(3);
    expect(trustedProxyProblem("10.0.0.0/8")).toBeNull();
    expect(trustedProxyProblem("proxy.internal")).toBe('"proxy.internal" is not an IP address or CIDR (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8)');
    expect(trustedProxyProblem("10.0.0.0/40")).toMatch(/is not an IP address or CIDR/);
  });
});
