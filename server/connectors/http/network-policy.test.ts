import { describe, expect, it } from "vitest";

import {
  checkDestination,
  checkHostDestination,
  classifyAddress,
  NETWORK_REFUSED,
  type HostLookup,
  type NetworkPolicy,
} from "@/server/connectors/http/network-policy";
import { NonRetryableError } from "@/server/engine/errors";

const NO_POLICY: NetworkPolicy = { allow: [] };
/** For names the tests invent: a lookup that answers fixed addresses, and one that must not be asked. */
const answers =
  (...addresses: string[]): HostLookup =>
  async () =>
    addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }));
const mustNotResolve: HostLookup = async (hostname) => {
  throw new Error(`resolved ${hostname}, but the guard should have refused first`);
};

async function refusal(url: string, policy = NO_POLICY, lookup?: HostLookup): Promise<NonRetryableError> {
  const error = await checkDestination(new URL(url), policy, lookup).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(NonRetryableError);
  expect((error as NonRetryableError).errorName).toBe(NETWORK_REFUSED);
  return error as NonRetryableError;
}

describe("the SSRF guard refuses internal destinations before connecting", () => {
  it("refuses loopback and says how to allow it", async () => {
    expect((await refusal("http://127.0.0.1:8080/admin")).message).toBe(
      "refused to connect to 127.0.0.1 (loopback address): add it to the organization's network allow-list to permit it",
    );
    expect((await refusal("http://[::1]/")).message).toContain("refused to connect to ::1 (loopback address)");
  });

  it("refuses the cloud metadata service by address and by name", async () => {
    expect((await refusal("http://169.254.169.254/latest/meta-data/")).message).toContain("169.254.169.254 (cloud metadata address)");
    expect((await refusal("http://[fd00:ec2::254]/")).message).toContain("cloud metadata address");
    expect((await refusal("http://metadata.google.internal/computeMetadata/v1/", NO_POLICY, mustNotResolve)).message).toContain(
      "metadata.google.internal (cloud metadata service)",
    );
  });

  it("refuses private, link-local, CGNAT, unspecified, multicast and reserved addresses", async () => {
    expect((await refusal("http://10.0.0.1/")).message).toContain("10.0.0.1 (private address)");
    expect((await refusal("https://172.16.4.2/")).message).toContain("(private address)");
    expect((await refusal("https://192.168.1.1/")).message).toContain("(private address)");
    expect((await refusal("http://169.254.10.1/")).message).toContain("(link-local address)");
    expect((await refusal("http://[fe80::1]/")).message).toContain("(link-local address)");
    expect((await refusal("http://[fc00::5]/")).message).toContain("(private (unique local) address)");
    expect((await refusal("http://100.64.1.1/")).message).toContain("(carrier-grade NAT address)");
    expect((await refusal("http://0.0.0.0/")).message).toContain("(unspecified address)");
    expect((await refusal("http://224.0.0.1/")).message).toContain("(multicast address)");
    expect((await refusal("http://240.0.0.1/")).message).toContain("(reserved address");
  });

  it("sees through encodings that spell a loopback address differently", async () => {
    expect((await refusal("http://2130706433/")).message).toContain("127.0.0.1 (loopback address)");
    expect((await refusal("http://127.1/")).message).toContain("127.0.0.1 (loopback address)");
    expect((await refusal("http://[::ffff:127.0.0.1]/")).message).toContain("(loopback address)");
  });

  it("judges an IPv6 address that carries an IPv4 address by the IPv4 address it carries", async () => {
    // IPv4-compatible (::a.b.c.d), SIIT (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo (2001::/32, client address inverted).
    for (const url of [
      "http://[::127.0.0.1]/",
      "http://[::ffff:0:127.0.0.1]/",
      "http://[64:ff9b::127.0.0.1]/",
      "http://[2002:7f00:1::1]/",
      "http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/",
    ]) {
      expect((await refusal(url)).message, url).toMatch(/\(loopback address\)/);
    }
    expect((await refusal("http://[::10.0.0.1]:8080/")).message).toContain("(private address)");
    expect((await refusal("http://[64:ff9b::169.254.169.254]/")).message).toContain("(cloud metadata address)");
    expect((await refusal("http://[2002:a9fe:a9fe::1]/")).message).toContain("(cloud metadata address)");
    expect((await refusal("https://v6only.example/", NO_POLICY, answers("::a00:5"))).message).toContain(
      "v6only.example, which resolves to ::a00:5 (private address)",
    );
    // A Teredo address whose relay (server) part is internal is refused too; the local-use NAT64 prefix has no fixed IPv4 position.
    expect((await refusal("http://[2001:0:a00:1:8000:63bf:a247:f1f1]/")).message).toContain("(private address)");
    expect((await refusal("http://[64:ff9b:1::7f00:1]/")).message).toContain("(reserved address");
  });

  it("accepts such an address when the IPv4 address it carries is public", async () => {
    for (const address of ["64:ff9b::5db8:d70e", "2002:5db8:d70e::1", "::ffff:93.184.215.14"]) {
      await expect(checkDestination(new URL(`http://[${address}]/`), NO_POLICY), address).resolves.toHaveLength(1);
    }
  });

  it("refuses a hostname that resolves to loopback (localhost, through the real resolver)", async () => {
    expect((await refusal("http://localhost:3000/")).message).toMatch(
      /^refused to connect to localhost, which resolves to (127\.0\.0\.1|::1) \(loopback address\): add it to the organization's network allow-list/,
    );
  });

  it("refuses a name when any one of its addresses is internal (a hostile DNS answer mixes them)", async () => {
    const error = await refusal("https://rebind.example/", NO_POLICY, answers("93.184.215.14", "10.1.2.3"));
    expect(error.message).toContain("rebind.example, which resolves to 10.1.2.3 (private address)");
  });

  it("refuses schemes other than http and https", async () => {
    expect((await refusal("file:///etc/passwd")).message).toContain("only http and https URLs are allowed");
  });

  it("accepts public unicast destinations and answers the addresses to connect to", async () => {
    await expect(checkDestination(new URL("https://93.184.215.14/"), NO_POLICY)).resolves.toEqual([{ address: "93.184.215.14", family: 4 }]);
    await expect(checkDestination(new URL("https://api.example.com/"), NO_POLICY, answers("93.184.215.14"))).resolves.toEqual([
      { address: "93.184.215.14", family: 4 },
    ]);
    expect(classifyAddress("2606:4700::1111")).toBeUndefined();
  });

  it("fails without retry for a name that does not exist", async () => {
    const missing: HostLookup = async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    };
    await expect(checkDestination(new URL("https://nowhere.example/"), NO_POLICY, missing)).rejects.toThrow(
      new NonRetryableError("could not resolve host nowhere.example: it does not exist"),
    );
  });
});

describe("the organization's allow-list", () => {
  it("permits an allow-listed CIDR or address, on any port", async () => {
    await expect(checkDestination(new URL("http://127.0.0.1:4000/"), { allow: ["127.0.0.0/8"] })).resolves.toHaveLength(1);
    await expect(checkDestination(new URL("http://[::1]:4000/"), { allow: ["::1"] })).resolves.toHaveLength(1);
    await expect(checkDestination(new URL("http://127.0.0.1:9/"), { allow: ["127.0.0.1"] })).resolves.toHaveLength(1);
  });

  it("limits an origin or host:port allowance to that port", async () => {
    const policy = { allow: ["http://127.0.0.1:3000"] };
    await expect(checkDestination(new URL("http://127.0.0.1:3000/sandbox/github"), policy)).resolves.toHaveLength(1);
    expect((await refusal("http://127.0.0.1:5432/", policy)).message).toContain("127.0.0.1 (loopback address)");
    await expect(checkDestination(new URL("http://[::1]:3000/"), { allow: ["[::1]:3000"] })).resolves.toHaveLength(1);
  });

  it("limits an allowance with a path to URLs below that path on that origin (how the sandbox is reached)", async () => {
    const policy = { allow: ["http://localhost:3000/sandbox/", "http://127.0.0.1:3000/sandbox"] };
    await expect(checkDestination(new URL("http://localhost:3000/sandbox/github/api/user"), policy)).resolves.not.toHaveLength(0);
    await expect(checkDestination(new URL("http://127.0.0.1:3000/sandbox/slack/api/auth.test"), policy)).resolves.toHaveLength(1);
    for (const url of [
      "http://localhost:3000/api/v1/customers",
      "http://127.0.0.1:3000/",
      "http://127.0.0.1:3000/sandboxed",
      "http://127.0.0.1:3000/sandbox/../api/v1/customers",
      "http://127.0.0.1:3000/sandbox/%2e%2e/api/v1/customers",
      "http://127.0.0.1:3000/sandbox/..%2fapi%2fv1%2fcustomers",
      "http://127.0.0.1:3000/sandbox/..%5Capi",
      "http://127.0.0.1:5432/sandbox/",
    ]) {
      expect((await refusal(url, policy)).message, url).toContain("(loopback address)");
    }
    // Not HTTP, so no path: SFTP or SMTP to the same host and port is not covered.
    await expect(checkHostDestination("127.0.0.1", 3000, policy)).rejects.toMatchObject({ errorName: NETWORK_REFUSED });
  });

  it("permits an allow-listed name whatever it resolves to, and only that name", async () => {
    const policy = { allow: ["sandbox.internal:3000"] };
    await expect(checkDestination(new URL("http://sandbox.internal:3000/"), policy, answers("10.0.0.7"))).resolves.toEqual([
      { address: "10.0.0.7", family: 4 },
    ]);
    expect((await refusal("http://other.internal:3000/", policy, answers("10.0.0.7"))).message).toContain("other.internal, which resolves to 10.0.0.7");
  });

  it("does not let an allowance for one internal address open the others", async () => {
    expect((await refusal("http://10.0.0.2/", { allow: ["10.0.0.1", "not an entry", "999.1.1.1/8"] })).message).toContain("10.0.0.2 (private address)");
  });

  it("lets the organization opt into the metadata name explicitly", async () => {
    await expect(
      checkDestination(new URL("http://metadata.google.internal/"), { allow: ["metadata.google.internal"] }, answers("169.254.169.254")),
    ).resolves.toHaveLength(1);
  });
});

describe("the same guard for hosts that are not URLs (SFTP, SMTP)", () => {
  it("refuses internal addresses, and allows one port of one host when allow-listed", async () => {
    await expect(checkHostDestination("127.0.0.1", 22, NO_POLICY)).rejects.toThrow("refused to connect to 127.0.0.1 (loopback address)");
    await expect(checkHostDestination("sftp.internal", 22, NO_POLICY, answers("10.0.0.5"))).rejects.toThrow(
      "refused to connect to sftp.internal, which resolves to 10.0.0.5 (private address)",
    );
    await expect(checkHostDestination("127.0.0.1", 2222, { allow: ["127.0.0.1:2222"] })).resolves.toEqual([{ address: "127.0.0.1", family: 4 }]);
    await expect(checkHostDestination("127.0.0.1", 22, { allow: ["127.0.0.1:2222"] })).rejects.toMatchObject({ errorName: NETWORK_REFUSED });
    await expect(checkHostDestination("metadata.google.internal", 22, NO_POLICY, mustNotResolve)).rejects.toThrow("(cloud metadata service)");
  });

  it("answers the approved addresses of a public host, to connect to instead of the name", async () => {
    await expect(checkHostDestination("sftp.example.com", 22, NO_POLICY, answers("93.184.215.14"))).resolves.toEqual([{ address: "93.184.215.14", family: 4 }]);
  });
});
