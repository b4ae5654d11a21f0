import { afterEach, describe, expect, it } from "vitest";

import { createAuthorizer } from "@/server/connectors/framework/auth";
import { createHttpClient } from "@/server/connectors/http/http-client";
import { MAX_RECORDED_BODY_BYTES, recordedBody, redactHeaders, redactUrl, truncateBody } from "@/server/connectors/http/records";
import { recordSink, sendJson, startLocalServer, type LocalServer } from "@/server/connectors/testing/local-server";

let server: LocalServer;
afterEach(() => server?.close());

describe("request records", () => {
  it("redact credential headers, including the connector's own key header", () => {
    const headers = new Headers({
      authorization: "Bearer abc",
      cookie: "session=1",
      "x-api-key": "k",
      "x-auth-token": "t",
      "x-acme-key": "acme",
      "idempotency-key": "exec:State:0",
      accept: "application/json",
    });
    expect(redactHeaders(headers, { headers: ["X-Acme-Key"] })).toEqual({
      authorization: "[redacted]",
      cookie: "[redacted]",
      "x-api-key": "[redacted]",
      "x-auth-token": "[redacted]",
      "x-acme-key": "[redacted]",
      "idempotency-key": "exec:State:0",
      accept: "application/json",
    });
  });

  it("redact secrets in the query string and userinfo", () => {
    const url = new URL("https://user:pw@api.example.com/x?api_key=1&access_token=2&sig=3&appid=4&page=2");
    expect(redactUrl(url, { queryParams: ["appid"] })).toBe(
      "https://user:%5Bredacted%5D@api.example.com/x?api_key=%5Bredacted%5D&access_token=%5Bredacted%5D&sig=%5Bredacted%5D&appid=%5Bredacted%5D&page=2",
    );
  });

  it("redact credentials in JSON fields and form parameters of bodies, and keep other bodies as sent", () => {
    const json = JSON.stringify({ user: "ada", password: "hunter22", nested: [{ access_token: "gho_abc", id: 12345678901234567000 }], apiKey: "" });
    expect(JSON.parse(recordedBody(json, "application/json")!)).toEqual({
      user: "ada",
      password: "[redacted]",
      nested: [{ access_token: "[redacted]", id: 12345678901234567000 }],
      apiKey: "",
    });
    expect(recordedBody(new TextEncoder().encode('{"appid":"a1","page":2}'), "application/json; charset=utf-8", { queryParams: ["appid"] })).toBe(
      '{"appid":"[redacted]","page":2}',
    );
    expect(recordedBody("grant_type=refresh_token&refresh_token=r1&client_secret=s2&client_id=c3", "application/x-www-form-urlencoded")).toBe(
      "grant_type=refresh_token&refresh_token=%5Bredacted%5D&client_secret=%5Bredacted%5D&client_id=c3",
    );
    // Nothing secret: the text as it was sent (a JSON round trip would round this big id).
    const plain = '{\n  "id": 12345678901234567000,\n  "title": "Printer on fire"\n}';
    expect(recordedBody(plain, "application/json")).toBe(plain);
    expect(recordedBody("password=1 is not a form here", "text/plain")).toBe("password=1 is not a form here");
    expect(recordedBody("{ not json", "application/json")).toBe("{ not json");
    const big = JSON.stringify({ token: "t0k3n", padding: "x".repeat(6000) });
    const recorded = recordedBody(big, "application/json")!;
    expect(recorded).toContain('"token":"[redacted]"');
    expect(recorded).not.toContain("t0k3n");
    expect(recorded.endsWith(`… [truncated: ${big.length - "t0k3n".length + "[redacted]".length} bytes in total]`)).toBe(true);
  });

  it("truncate bodies to 4 KiB and say how long they were", () => {
    const body = "é".repeat(3000);
    const recorded = truncateBody(body)!;
    expect(new TextEncoder().encode(recorded.split("…")[0]).byteLength).toBeLessThanOrEqual(MAX_RECORDED_BODY_BYTES);
    expect(recorded.endsWith("… [truncated: 6000 bytes in total]")).toBe(true);
    expect(truncateBody("short")).toBe("short");
  });

  it("describe a whole exchange with secrets redacted", async () => {
    server = await startLocalServer((_, response) => sendJson(response, 201, { id: "w1", padding: "x".repeat(5000) }));
    const { records, onRecord } = recordSink();
    const auth = createAuthorizer("weather", { kind: "apiKey", in: "query", param: "appid" }, { kind: "apiKey", key: "very-secret" });
    const client = createHttpClient({ network: server.policy, baseUrl: server.origin, auth, onRecord });
    await client.post("/widgets", { name: "w" }, { headers: { "x-trace": "t1" }, query: { page: 1 } });
    expect(server.requests[0].url).toBe("/widgets?page=1&appid=very-secret");
    expect(records).toHaveLength(1);
    const [record] = records;
    expect(record).toMatchObject({
      method: "POST",
      url: `${server.origin}/widgets?page=1&appid=%5Bredacted%5D`,
      status: 201,
      attempt: 1,
      requestBody: '{"name":"w"}',
      requestHeaders: { "x-trace": "t1", "content-type": "application/json" },
    });
    expect(record.responseBody).toMatch(/… \[truncated: \d+ bytes in total\]$/);
    expect(typeof record.durationMs).toBe("number");
    expect(JSON.stringify(record)).not.toContain("very-secret");
  });
});
