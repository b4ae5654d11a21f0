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

  it("redacts secret-named fields at any depth, not only the listed paths", () => {
    const { lines, log } = capture();
    log.warn(
      {
        component: "worker",
        execution: { step: { call: { request: { headers: { "x-api-key": "k-deep-1" } } }, config: { webhook: { signingSecret: "whsec_deep" } } } },
        instances: [{ configSecrets: { apiToken: "tok_in_array" } }],
        // The error serializer still runs, and a secret-named field on the error is hidden.
        err: Object.assign(new Error("refresh failed"), { refreshToken: "r_on_error" }),
      },
      "step failed",
    );
    const text = lines.join("");
    for (const secret of ["k-deep-1", "whsec_deep", "tok_in_array", "r_on_error"]) expect(text).not.toContain(secret);
    expect(text).toContain("refresh failed");
    expect(text).toContain('"component":"worker"');
  });
});
