import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger, deferredChild } from "./logger";

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

describe("deferredChild", () => {
  it("writes with every binding of its chain, redacted like any child, and makes no child until it writes", () => {
    const { lines, log } = capture();
    let made = 0;
    const counting = new Proxy(log, {
      get: (target, property) =>
        property === "child" ? (...args: Parameters<typeof log.child>) => (made++, target.child(...args)) : Reflect.get(target, property),
    });
    const execution = deferredChild(counting, { executionId: "e1" });
    const action = deferredChild(execution, { action: "http.request", accessToken: "gho_bound" });
    expect(made).toBe(0);
    action.info("called");
    expect(made).toBe(1);
    const line = JSON.parse(lines.join(""));
    expect(line).toMatchObject({ executionId: "e1", action: "http.request", msg: "called" });
    expect(lines.join("")).not.toContain("gho_bound");
  });
});
