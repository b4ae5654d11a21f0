import { describe, expect, it } from "vitest";
import { buildRuntimeConfig, parseEnv } from "@/server/env";
import { describeExposure } from "./exposure";

/** The configuration `npm start` resolves for these variables, with the embedded database. */
function embedded(variables: Record<string, string>) {
  const e = parseEnv(variables);
  const config = buildRuntimeConfig(e, {
    databaseUrl: "postgres://x@localhost/db",
    sessionSecret: "s".repeat(32),
    encryptionKey: "a".repeat(64),
    sandboxDefault: true,
  });
  return describeExposure(e, config);
}

describe("what npm start says about exposure", () => {
  it("by default: every interface, and the sandbox and demo vendor page for this machine only", () => {
    const lines = embedded({});
    expect(lines[0]).toBe(
      "Listening on all interfaces, port 3000: other machines that can reach this one can open it (HOST=127.0.0.1 keeps it to this machine).",
    );
    expect(lines[1]).toMatch(/^Sandbox: on for this machine only\. .*\/sandbox\/vendor.*404 to everyone else/);
    expect(lines).toHaveLength(2);
  });

  it("says so loudly when the operator opens the sandbox to anyone", () => {
    const lines = embedded({ SANDBOX_ENABLED: "true", PUBLIC_URL: "https://demo.vendor.example" });
    expect(lines[1]).toMatch(/^Sandbox: ON FOR ANYONE who can reach https:\/\/demo\.vendor\.example: \/sandbox\/vendor signs every visitor in/);
  });

  it("turns the sandbox off by default once PUBLIC_URL is not this machine, and warns about plain http", () => {
    const lines = embedded({ PUBLIC_URL: "http://10.0.0.5:3000", HOST: "127.0.0.1" });
    expect(lines).toEqual([
      "Listening on 127.0.0.1:3000: reachable from this machine only (HOST).",
      "Sandbox: off.",
      expect.stringMatching(/^PUBLIC_URL http:\/\/10\.0\.0\.5:3000 is plain http: .*unencrypted/),
    ]);
  });

  it("refuses a sandbox for this machine only when PUBLIC_URL is elsewhere (the worker could not reach it)", () => {
    expect(() => embedded({ SANDBOX_ENABLED: "local", PUBLIC_URL: "https://switchyard.vendor.example" })).toThrow(
      /SANDBOX_ENABLED: "local" serves the sandbox to this machine only, so PUBLIC_URL must be on it too/,
    );
  });
});
