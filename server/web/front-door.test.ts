/**
 * The front door in front of Next.js, on a real socket: what the app behind it is told about the
 * client, whatever forwarding headers the request carried.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseTrustedProxies } from "@/server/http/client-address";
import { frontDoor } from "./web-server";

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A front door whose "Next.js" answers with the headers it was handed. */
async function startFrontDoor(trusted: string[]): Promise<(headers: Record<string, string>) => Promise<Record<string, string>>> {
  const echo = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(req.headers));
  };
  const server = http.createServer(frontDoor(echo, parseTrustedProxies(trusted)));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return async (headers) => (await (await fetch(`http://127.0.0.1:${port}/login`, { headers })).json()) as Record<string, string>;
}

describe("the front door", () => {
  it("tells the app the socket's address and drops the forwarding headers an untrusted client sent", async () => {
    const send = await startFrontDoor([]);
    const seen = await send({ "x-forwarded-for": "203.0.113.9", "x-real-ip": "203.0.113.10", forwarded: "for=203.0.113.11", "x-switchyard-local-client": "1" });
    expect(seen["x-forwarded-for"]).toBe("127.0.0.1");
    expect(seen["x-real-ip"]).toBeUndefined();
    expect(seen.forwarded).toBeUndefined();
    // It claimed to be relayed, so it is not trusted as a local client either.
    expect(seen["x-switchyard-local-client"]).toBeUndefined();
  });

  it("marks a loopback client that no proxy relayed as local", async () => {
    const send = await startFrontDoor([]);
    const seen = await send({});
    expect(seen).toMatchObject({ "x-forwarded-for": "127.0.0.1", "x-switchyard-local-client": "1" });
  });

  it("behind a trusted proxy, tells the app the right hop of X-Forwarded-For", async () => {
    const send = await startFrontDoor(["127.0.0.0/8"]);
    const seen = await send({ "x-forwarded-for": "1.2.3.4, 203.0.113.9", "x-switchyard-local-client": "1" });
    expect(seen["x-forwarded-for"]).toBe("203.0.113.9");
    expect(seen["x-switchyard-local-client"]).toBeUndefined();
  });
});
