import { afterEach, describe, expect, it } from "vitest";

import { createHttpClient } from "@/server/connectors/http/http-client";
import { createPinnedDispatcher, pinningAvailable } from "@/server/connectors/http/pinned-dispatcher";
import { recordSink, sendJson, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";
import { NonRetryableError } from "@/server/engine/errors";

const servers: LocalServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function start(handler: Parameters<typeof startLocalServer>[0]) {
  const server = await startLocalServer(handler);
  servers.push(server);
  return server;
}

/**
 * Real fetch for the local test servers; every URL it is asked for is remembered, and anything else
 * fails here, so even a broken guard could not send traffic to 10.x or 169.254.x.
 */
function trackingFetch() {
  const urls: string[] = [];
  const tracked: typeof fetch = (input, init) => {
    urls.push(String(input));
    if (new URL(String(input)).hostname !== "127.0.0.1") return Promise.reject(new Error(`test fetch refuses ${String(input)}`));
    return fetch(input, init);
  };
  return { urls, fetch: tracked };
}

describe("redirects", () => {
  it("follows them hop by hop, turning a POST answered with 303 into a GET", async () => {
    const server = await start((request, response) => {
      if (request.url === "/start") return void response.writeHead(303, { location: "/middle" }).end();
      if (request.url === "/middle") return void response.writeHead(302, { location: `${server.origin}/end` }).end();
      sendJson(response, 200, { method: request.method, body: request.body });
    });
    const { records, onRecord } = recordSink();
    const response = await createHttpClient({ network: server.policy, baseUrl: server.origin, onRecord }).post("/start", { a: 1 });
    expect(response).toMatchObject({ status: 200, body: { method: "GET", body: "" }, url: `${server.origin}/end` });
    expect(records.map((record) => [record.method, new URL(record.url).pathname, record.status])).toEqual([
      ["POST", "/start", 303],
      ["GET", "/middle", 302],
      ["GET", "/end", 200],
    ]);
  });

  it("asks the guard again at every hop and never connects to a refused one", async () => {
    const server = await start((_, response) => void response.writeHead(302, { location: "http://169.254.169.254/latest/meta-data/iam" }).end());
    const { urls, fetch } = trackingFetch();
    const { records, onRecord } = recordSink();
    const error = await createHttpClient({ network: server.policy, baseUrl: server.origin, fetch, onRecord })
      .get("/innocent")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toContain("refused to connect to 169.254.169.254 (cloud metadata address)");
    expect(urls).toEqual([`${server.origin}/innocent`]);
    expect(records.at(-1)).toMatchObject({ url: "http://169.254.169.254/latest/meta-data/iam", error: expect.stringContaining("refused") });
  });

  it("gives up after five redirects", async () => {
    const server = await start((request, response) => void response.writeHead(307, { location: `/hop${Number(request.url.slice(4) || 0) + 1}` }).end());
    await expect(createHttpClient({ network: server.policy, baseUrl: server.origin }).get("/hop0")).rejects.toThrow(
      new NonRetryableError(`127.0.0.1:${server.port} redirected more than 5 times; last hop: ${server.origin}/hop5`),
    );
    expect(server.requests).toHaveLength(6);
  });

  it("does not carry credentials to another origin", async () => {
    const other = await start((request, response) =>
      sendJson(response, 200, { authorization: request.headers.authorization ?? null, key: request.headers["x-acme-key"] ?? null }),
    );
    const first = await start((_, response) => void response.writeHead(302, { location: `${other.origin}/landing` }).end());
    const auth = {
      apply: ({ headers }: { headers: Headers }) => {
        headers.set("authorization", "Bearer s3cret");
        headers.set("x-acme-key", "k3y");
      },
      secrets: { headers: ["x-acme-key"] },
    };
    const client = createHttpClient({ network: { allow: [first.origin, other.origin] }, baseUrl: first.origin, auth });
    expect((await client.get("/go")).body).toEqual({ authorization: null, key: null });
  });
});

describe("guard before any traffic", () => {
  it.each(["http://10.0.0.1/", "http://169.254.169.254/", "http://127.0.0.1:9/", "http://[::1]:9/", "http://localhost:9/"])(
    "refuses %s without calling fetch",
    async (url) => {
      const { urls, fetch } = trackingFetch();
      const { records, onRecord } = recordSink();
      await expect(createHttpClient({ network: { allow: [] }, fetch, onRecord }).request({ url })).rejects.toThrow(
        /^refused to connect to .*network allow-list to permit it$/,
      );
      expect(urls).toEqual([]);
      expect(records).toHaveLength(1);
    },
  );

  it("connects once the destination is allow-listed", async () => {
    const server = await start((_, response) => sendJson(response, 200, { hello: "sandbox" }));
    await expect(createHttpClient({ network: { allow: [] } }).request({ url: `${server.origin}/` })).rejects.toThrow("loopback address");
    await expect(createHttpClient({ network: { allow: ["127.0.0.1"] } }).request({ url: `${server.origin}/` })).resolves.toMatchObject({
      body: { hello: "sandbox" },
    });
  });
});

describe("DNS pinning", () => {
  it("is available on this Node version", () => {
    expect(pinningAvailable).toBe(true);
  });

  it("connects to the address the guard approved, not to a second DNS answer", async () => {
    const server = await start((request, response) => sendJson(response, 200, { host: request.headers.host }));
    // pinned.example does not exist in DNS: only the pinned lookup can lead fetch to the local server.
    const client = createHttpClient({ network: { allow: [`pinned.example:${server.port}`] }, lookup: async () => [{ address: "127.0.0.1", family: 4 }] });
    expect((await client.request({ url: `http://pinned.example:${server.port}/` })).body).toEqual({ host: `pinned.example:${server.port}` });
  });

  it("reuses the pinned connection from one call to the next, and pins a changed DNS answer anew", async () => {
    const sockets = new Set<unknown>();
    const server = await start((_request, response) => {
      sockets.add(response.socket);
      sendJson(response, 200, { ok: true });
    });
    let answer = "127.0.0.1";
    const client = createHttpClient({ network: { allow: [`reuse.example:${server.port}`] }, lookup: async () => [{ address: answer, family: 4 }] });
    // A connection may still be on its way back to the pool when the next call starts; after that they are reused.
    for (let i = 0; i < 10; i++) await client.request({ url: `http://reuse.example:${server.port}/` });
    expect(sockets.size).toBeLessThanOrEqual(2);
    // Another approved address for the name: not the old connections (the server listens on 127.0.0.1 only).
    answer = "127.0.0.2";
    await expect(client.request({ url: `http://reuse.example:${server.port}/` })).rejects.toThrow();
    expect(sockets.size).toBeLessThanOrEqual(2);
  });

  it("refuses to resolve any other name through a pinned dispatcher", async () => {
    const dispatcher = createPinnedDispatcher("pinned.example", [{ address: "127.0.0.1", family: 4 }]);
    const error = await fetch("http://elsewhere.example:8080/", { dispatcher } as RequestInit).catch((thrown: unknown) => thrown);
    await dispatcher?.close();
    expect(String((error as Error).cause)).toContain("pinned to pinned.example");
  });
});
