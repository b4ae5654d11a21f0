import { describe, expect, it } from "vitest";
import { buildRuntimeConfig, EnvError, maxBlobBytes, metricsToken, parseEnv, tracingSettings } from "./env";

function problems(source: Record<string, string>): string[] {
  try {
    parseEnv(source);
  } catch (error) {
    expect(error).toBeInstanceOf(EnvError);
    return (error as EnvError).problems;
  }
  return [];
}

describe("environment", () => {
  it("has working defaults for the embedded start", () => {
    const e = parseEnv({});
    expect(e).toMatchObject({ PORT: 3000, HOST: "0.0.0.0", DATA_DIR: ".data", LOG_LEVEL: "info" });
    expect(e.DATABASE_URL).toBeUndefined();
  });

  it("names each bad variable and what it expects", () => {
    const found = problems({ PORT: "eighty", DATABASE_URL: "mysql://x", LOG_LEVEL: "loud", ENCRYPTION_KEY: "short" });
    expect(found).toHaveLength(4);
    expect(found.find((p) => p.startsWith("PORT:"))).toMatch(/port number.*got "eighty"/);
    expect(found.find((p) => p.startsWith("DATABASE_URL:"))).toMatch(/postgres:\/\//);
    expect(found.find((p) => p.startsWith("LOG_LEVEL:"))).toBeDefined();
    // Secret values are never echoed back.
    expect(found.find((p) => p.startsWith("ENCRYPTION_KEY:"))).not.toContain("short");
  });

  it("traces only with an OTLP endpoint, sending to its /v1/traces unless the traces endpoint is given", () => {
    expect(tracingSettings(parseEnv({}))).toBeNull();
    expect(tracingSettings(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318/" }))).toEqual({
      url: "http://collector:4318/v1/traces",
      serviceName: "switchyard",
      sampler: "parentbased_always_on",
      ratio: 1,
      exportDelayMs: 5000,
    });
    expect(
      tracingSettings(
        parseEnv({
          OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318",
          OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: "https://traces.example/otlp",
          OTEL_SERVICE_NAME: "yard",
          OTEL_TRACES_SAMPLER: "parentbased_traceidratio",
          OTEL_TRACES_SAMPLER_ARG: "0.25",
          OTEL_BSP_SCHEDULE_DELAY: "200",
        }),
      ),
    ).toEqual({ url: "https://traces.example/otlp", serviceName: "yard", sampler: "parentbased_traceidratio", ratio: 0.25, exportDelayMs: 200 });
    expect(tracingSettings(parseEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: "http://collector:4318", OTEL_SDK_DISABLED: "true" }))).toBeNull();
    expect(problems({ OTEL_EXPORTER_OTLP_ENDPOINT: "collector:4318", OTEL_TRACES_SAMPLER_ARG: "2", OTEL_TRACES_SAMPLER: "sometimes" })).toEqual([
      "OTEL_EXPORTER_OTLP_ENDPOINT: expected the OTLP/HTTP base URL of a collector, like http://localhost:4318",
      expect.stringMatching(/^OTEL_TRACES_SAMPLER: expected always_on, .*\(got "sometimes"\)$/),
      'OTEL_TRACES_SAMPLER_ARG: expected a ratio between 0 and 1 (got "2")',
    ]);
  });

  it("turns the metrics route on with a METRICS_TOKEN of at least 32 characters, never echoing it", () => {
    expect(metricsToken(parseEnv({}))).toBeNull();
    expect(metricsToken(parseEnv({ METRICS_TOKEN: "t".repeat(32) }))).toBe("t".repeat(32));
    expect(problems({ METRICS_TOKEN: "short-token" })).toEqual(["METRICS_TOKEN: expected at least 32 characters (e.g. `openssl rand -base64 32`)"]);
  });

  it("limits stored files to BLOB_MAX_BYTES, 10 MiB unless set", () => {
    expect(maxBlobBytes(parseEnv({}))).toBe(10 * 1024 * 1024);
    expect(maxBlobBytes(parseEnv({ BLOB_MAX_BYTES: "52428800" }))).toBe(52_428_800);
    expect(problems({ BLOB_MAX_BYTES: "2147483648" })).toEqual(['BLOB_MAX_BYTES: expected at most 512 MiB (got "2147483648")']);
  });

  it("reads TRUSTED_PROXIES as addresses and CIDRs, and names an entry that is neither", () => {
    expect(parseEnv({}).TRUSTED_PROXIES).toEqual([]);
    expect(parseEnv({ TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1 fd00::/8" }).TRUSTED_PROXIES).toEqual(["10.0.0.0/8", "127.0.0.1", "fd00::/8"]);
    expect(problems({ TRUSTED_PROXIES: "10.0.0.0/8,proxy.internal" })).toEqual([
      'TRUSTED_PROXIES: expected IP addresses or CIDRs separated by commas: "proxy.internal" is not an IP address or CIDR (e.g. 10.0.0.0/8, 127.0.0.1, fd00::/8) (got "10.0.0.0/8,proxy.internal")',
    ]);
  });

  it("treats empty values as unset", () => {
    expect(parseEnv({ PORT: "" }).PORT).toBe(3000);
  });

  it("requires the session secret and encryption key with an external database", () => {
    const e = parseEnv({ DATABASE_URL: "postgres://u:p@db:5432/app" });
    expect(() => buildRuntimeConfig(e)).toThrow(/SESSION_SECRET[\s\S]*ENCRYPTION_KEY/);
  });

  it("accepts a 32-byte key as hex or base64", () => {
    const base = { DATABASE_URL: "postgres://u:p@db:5432/app", SESSION_SECRET: "x".repeat(32) };
    expect(buildRuntimeConfig(parseEnv({ ...base, ENCRYPTION_KEY: "ab".repeat(32) })).encryptionKey).toHaveLength(32);
    expect(buildRuntimeConfig(parseEnv({ ...base, ENCRYPTION_KEY: Buffer.alloc(32, 7).toString("base64") })).encryptionKey).toHaveLength(32);
  });

  it("derives the public URL from the port unless given", () => {
    const base = { DATABASE_URL: "postgres://u:p@db:5432/app", SESSION_SECRET: "x".repeat(32), ENCRYPTION_KEY: "ab".repeat(32) };
    expect(buildRuntimeConfig(parseEnv({ ...base, PORT: "4000" })).publicUrl).toBe("http://localhost:4000");
    expect(buildRuntimeConfig(parseEnv({ ...base, PUBLIC_URL: "https://sy.example.com/" })).publicUrl).toBe("https://sy.example.com");
  });
});
