import { afterEach, describe, expect, it } from "vitest";
import { startTracing, stopTracing } from "./start-tracing";
import { activeTracing } from "./tracing";

afterEach(() => stopTracing());

describe("starting tracing", () => {
  it("leaves tracing off without settings (no OTLP endpoint)", async () => {
    expect(await startTracing(null, { role: "worker" })).toBeNull();
    expect(activeTracing()).toBeNull();
  });

  it("starts one tracer per process, shared through globalThis, and stops it", async () => {
    const settings = { url: "http://127.0.0.1:9/v1/traces", serviceName: "switchyard", sampler: "always_on" as const, ratio: 1, exportDelayMs: 60_000 };
    const tracing = await startTracing(settings, { role: "web" });
    expect(tracing).not.toBeNull();
    expect(activeTracing()).toBe(tracing);
    expect(await startTracing(settings, { role: "web" })).toBe(tracing);
    await stopTracing();
    expect(activeTracing()).toBeNull();
  });
});
