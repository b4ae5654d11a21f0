import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger";

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      lines.push(chunk.toString());
      callback();
    },
  });
  return { lines, log: createLogger({ destination, level: "debug" }) };
}

describe("logger", () => {
  it("redacts credentials wherever they sit in a log line", () => {
    const { lines, log } = capture();
    log.info(
      {
        password: "hunter2",
        connection: { accessToken: "gho_abc", refreshToken: "r_abc", credentials: { apiKey: "k" } },
        request: { headers: { authorization: "Bearer sy_live_x", cookie: "session=1", "x-ok": "fine" } },
        oauth: { clientSecret: "cs_123" },
      },
      "connected",
    );
    const text = lines.join("");
    for (const secret of ["hunter2", "gho_abc", "r_abc", "sy_live_x", "session=1", "cs_123"]) expect(text).not.toContain(secret);
    expect(text).toContain("fine");
    expect(text).toContain("[redacted]");
  });
});
