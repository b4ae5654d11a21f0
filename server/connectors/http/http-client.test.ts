import { afterEach, describe, expect, it } from "vitest";

import { createHttpClient, type HttpClientOptions } from "@/server/connectors/http/http-client";
import { parseRetryAfter } from "@/server/connectors/http/retry-policy";
import { recordingSleep, recordSink, sendJson, startLocalServer, type Handler, type LocalServer } from "@/server/connectors/testing/local-server";
import { ConnectionThrottledError, ErrorNames, NonRetryableError, RetryableError, RetryAfterError } from "@/server/engine/errors";
import type { RequestGate } from "@/server/connectors/http/request-gate";

let server: LocalServer;
afterEach(() => server?.close());

/** A server answering each request with the next handler in line (the last one repeats). */
async function serve(...handlers: Handler[]) {
  let calls = 0;
  server = await startLocalServer((request, response) => handlers[Math.min(calls++, handlers.length - 1)](request, response));
  const waits = recordingSleep();
  const sink = recordSink();
  const client = (options: Partial<HttpClientOptions> = {}) =>
    createHttpClient({ network: server.policy, baseUrl: server.origin, sleep: waits.sleep, onRecord: sink.onRecord, ...options });
  return { client, delays: waits.delays, records: sink.records };
}

const unavailable =
  (retryAfter?: string): Handler =>
  (_, response) =>
    sendJson(response, 503, { message: "down for maintenance" }, retryAfter ? { "retry-after": retryAfter } : {});
const ok: Handler = (_, response) => sendJson(response, 200, { ok: true });

describe("retries", () => {
  it("waits as long as Retry-After asks, then succeeds", async () => {
    const { client, delays, records } = await serve(unavailable("2"), (_, response) => sendJson(response, 429, {}, { "retry-after": "1" }), ok);
    const response = await client().get("/things");
    expect(response).toMatchObject({ status: 200, body: { ok: true } });
    expect(delays).toEqual([2000, 1000]);
    expect(records.map((record) => [record.attempt, record.status])).toEqual([
      [1, 503],
      [2, 429],
      [3, 200],
    ]);
  });

  it("backs off exponentially without Retry-After, then hands the failure to the flow's Retry", async () => {
    const { client, delays } = await serve(unavailable());
    const error = await client({ providerName: "Acme", retry: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 250 } })
      .get("/things")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toBe("Acme answered 503 Service Unavailable: down for maintenance");
    expect(delays).toEqual([100, 200, 250]);
    expect(server.requests).toHaveLength(4);
  });

  it("parks the execution instead of sleeping when Retry-After is longer than the in-process cap", async () => {
    const { client, delays } = await serve(unavailable("120"));
    const error = await client()
      .get("/things")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetryAfterError);
    expect((error as RetryAfterError).retryAfterSeconds).toBe(120);
    expect(delays).toEqual([]);
  });

  it("through a connection's gate, asks the gate before every attempt and pauses the connection on a 429 with Retry-After", async () => {
    const asked: string[] = [];
    const gate: RequestGate = {
      maxInProcessWaitMs: 5000,
      beforeRequest: async () => void asked.push("before"),
      providerPaused: async (ms, provider) => {
        asked.push(`paused ${ms} by ${provider}`);
        return new ConnectionThrottledError(new Date(Date.now() + ms), `${provider} asked to wait`);
      },
    };
    const short = await serve((_, response) => sendJson(response, 429, {}, { "retry-after": "2" }), ok);
    await expect(short.client({ providerName: "Acme", gate }).get("/things")).resolves.toMatchObject({ status: 200 });
    expect(asked).toEqual(["before", "paused 2000 by Acme", "before"]);
    expect(short.delays).toEqual([2000]);
    await server.close();

    // Longer than the gate waits in-process (though the client alone would): the gate's error parks
    // the execution instead of the client sleeping, or a RetryAfterError failing it.
    asked.length = 0;
    const long = await serve((_, response) => sendJson(response, 429, {}, { "retry-after": "8" }));
    const error = await long
      .client({ providerName: "Acme", gate })
      .post("/things", {})
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConnectionThrottledError);
    expect(asked).toEqual(["before", "paused 8000 by Acme"]);
    expect(long.delays).toEqual([]);
  });

  it("reads Retry-After as delta-seconds or an HTTP date", () => {
    const now = () => Date.parse("2026-03-01T12:00:00Z");
    expect(parseRetryAfter("7", now)).toBe(7000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Sun, 01 Mar 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });

  it("does not resend a POST after a 503 unless it carries an idempotency key", async () => {
    const { client, delays } = await serve(unavailable("1"), ok);
    await expect(client().post("/orders", { qty: 1 })).rejects.toBeInstanceOf(RetryAfterError);
    expect(delays).toEqual([]);
    server.requests.length = 0;
    const keyed = await client({ idempotencyKey: "exec-1:Create:0" }).post("/orders", { qty: 1 }, { idempotencyKey: true });
    expect(keyed.status).toBe(200);
    expect(server.requests.map((request) => request.headers["idempotency-key"])).toEqual(["exec-1:Create:0"]);
  });

  it("resends a POST after a 429, which means it was not processed", async () => {
    const { client, delays } = await serve((_, response) => sendJson(response, 429, { message: "slow down" }, { "retry-after": "3" }), ok);
    await expect(client().post("/orders", {})).resolves.toMatchObject({ status: 200 });
    expect(delays).toEqual([3000]);
  });

  it("retries a dropped connection for a GET and then reports it as retryable", async () => {
    const { client, delays, records } = await serve((_, response) => response.socket?.destroy());
    const error = await client({ retry: { maxRetries: 1 } })
      .get("/flaky")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as Error).message).toMatch(/^could not reach 127\.0\.0\.1:\d+: fetch failed/);
    expect(delays).toEqual([500]);
    expect(records.every((record) => record.status === undefined && record.error !== undefined)).toBe(true);
  });

  it("reports a per-request timeout as States.Timeout once retries are spent", async () => {
    const { client } = await serve(() => undefined);
    const error = await client({ timeoutMs: 50, retry: { maxRetries: 1 } })
      .get("/slow")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).errorName).toBe(ErrorNames.Timeout);
    expect(server.requests).toHaveLength(2);
  });

  it("stops at once when the step is cancelled", async () => {
    const { client, delays } = await serve(() => undefined);
    const controller = new AbortController();
    const pending = client({ signal: controller.signal }).get("/slow");
    setTimeout(() => controller.abort(new Error("execution cancelled")), 20);
    await expect(pending).rejects.toThrow("execution cancelled");
    expect(delays).toEqual([]);
  });
});

describe("responses", () => {
  it("maps 4xx to a non-retryable error carrying the provider's message", async () => {
    const { client } = await serve((_, response) => sendJson(response, 404, { message: "Not Found", documentation_url: "https://docs.github.com/rest" }));
    const error = await client({ providerName: "GitHub" })
      .get("/repos/octo/missing")
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(NonRetryableError);
    expect((error as Error).message).toBe("GitHub answered 404 Not Found: Not Found");
    expect(error).toMatchObject({ status: 404, responseBody: { message: "Not Found" } });
  });

  it("parses JSON when the response says so and keeps text otherwise", async () => {
    const { client } = await serve(
      (_, response) => sendJson(response, 200, { id: 1 }, { "content-type": "application/vnd.api+json" }),
      (_, response) => response.writeHead(200, { "content-type": "text/plain" }).end("pong"),
      (_, response) => response.writeHead(204).end(),
    );
    expect((await client().get("/json")).body).toEqual({ id: 1 });
    expect((await client().get("/text")).body).toBe("pong");
    expect((await client().delete("/thing")).body).toBeNull();
  });

  it("returns error statuses instead of throwing when asked to", async () => {
    const { client } = await serve((_, response) => sendJson(response, 409, { error: "exists" }));
    await expect(client().post("/things", {}, { throwOnHttpError: false })).resolves.toMatchObject({ status: 409, body: { error: "exists" } });
  });

  it("stops reading a streamed body past the size limit", async () => {
    const { client } = await serve((_, response) => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(64 * 1024, 120);
      for (let sent = 0; sent < 4; sent++) response.write(chunk);
      response.end();
    });
    await expect(client({ maxResponseBytes: 100 * 1024 }).get("/big")).rejects.toThrow(
      new NonRetryableError(`the response from 127.0.0.1:${server.port} is larger than the 100 KiB limit; it was not read`),
    );
  });

  it("refuses a body whose declared length is over the limit", async () => {
    const { client } = await serve((_, response) => response.writeHead(200, { "content-length": String(2 * 1024 * 1024) }).end(Buffer.alloc(2 * 1024 * 1024)));
    await expect(client({ maxResponseBytes: 1024 * 1024 }).get("/big")).rejects.toThrow("is larger than the 1 MiB limit");
  });
});

describe("building requests", () => {
  it("keeps the base URL's path prefix, appends query values and sends JSON", async () => {
    const { client } = await serve(ok);
    await client({ baseUrl: `${server.origin}/v1/` }).post("/widgets", { name: "w" }, { query: { tag: ["a", "b"], page: 2, skip: undefined } });
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/v1/widgets?tag=a&tag=b&page=2", body: '{"name":"w"}' });
    expect(server.requests[0].headers["content-type"]).toBe("application/json");
  });

  it("refuses malformed targets and header values without retrying", async () => {
    const { client } = await serve(ok);
    await expect(client().request({ url: "not a url" })).rejects.toThrow(new NonRetryableError('"not a url" is not an absolute URL'));
    await expect(client().request({ url: `http://u:p@127.0.0.1:${server.port}/` })).rejects.toThrow("put credentials in a connection, not in the URL");
    await expect(client().get("/x", { headers: { "x-subject": "line\r\nInjected: yes" } })).rejects.toBeInstanceOf(NonRetryableError);
    expect(server.requests).toHaveLength(0);
  });

  it("applies credentials only to the base URL's origin", async () => {
    const { client } = await serve(ok);
    const auth = { apply: ({ headers }: { headers: Headers }) => headers.set("authorization", "Bearer s3cret"), secrets: {} };
    await client({ auth }).get("/mine");
    await client({ auth, baseUrl: "https://api.elsewhere.example" }).request({ url: `${server.origin}/foreign` });
    expect(server.requests.map((request) => request.headers.authorization)).toEqual(["Bearer s3cret", undefined]);
  });
});
